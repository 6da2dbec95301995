// sh: the shell. Reads a line, parses it into a command tree (lists with
// ';' and '&', pipelines with '|', redirections '<' '>' '>>', subshells
// with '( )'), and runs the tree with fork, exec, pipe and dup.
#include "kernel/types.h"
#include "kernel/param.h"
#include "kernel/stat.h"
#include "kernel/fcntl.h"
#include "user/user.h"

#define LINE_MAX   512          // longest input line, in bytes
#define NNODE      256          // most command-tree nodes per line
#define NREDIR     LINE_MAX     // most redirections per line (pool size)
#define MAXWORDS   MAXARG       // most words in one simple command

// Node kinds of the command tree.
enum { EXEC = 1, SUB, PIPE, LIST, BACK };

// Token kinds besides the operator characters themselves.
enum { T_END = 0, T_WORD = 'w', T_APPEND = '+' };

struct redir {
  int fd;          // descriptor to replace: 0 or 1
  int mode;        // open() flags
  int append;      // '>>': start writing at the end of a regular file
  char *file;
};

struct cmd {
  int type;
  char **argv;             // EXEC: words, 0-terminated (in argpool)
  int argc;
  struct redir *redir;     // EXEC, SUB: redirections, applied in order
  int nredir;
  struct cmd *left;        // SUB: body; PIPE, LIST: first; BACK: body
  struct cmd *right;       // PIPE, LIST: second
};

// Everything a parsed line points to. Reset for every line; a child
// process gets its own copy with fork.
static char line[LINE_MAX];
static char strpool[LINE_MAX + 1];     // words, NUL-terminated
static char *argpool[LINE_MAX + 1];    // argv arrays, back to back
static struct redir redirpool[NREDIR];
static struct cmd nodepool[NNODE];
static int nstr, narg, nred, nnode;

static char *lp;               // parse cursor in line
static const char *perr;       // first parse error, or 0

static void runcmd(struct cmd *c) __attribute__((noreturn));

// ---------------------------------------------------------------- lexer

static int
isspace(char c)
{
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v';
}

static int
issymbol(char c)
{
  return c != '\0' && strchr("<|>&;()", c) != 0;
}

// Kind of the next token, without consuming it.
static int
peek(void)
{
  while(isspace(*lp))
    lp++;
  if(*lp == '\0')
    return T_END;
  if(*lp == '>' && lp[1] == '>')
    return T_APPEND;
  if(issymbol(*lp))
    return *lp;
  return T_WORD;
}

// Consume the next token and return its kind. For a word, *word gets a
// NUL-terminated copy (word may be 0 when the caller does not want it).
static int
next(char **word)
{
  int t = peek();

  if(t == T_END)
    return t;
  if(t != T_WORD){
    lp += (t == T_APPEND) ? 2 : 1;
    return t;
  }
  char *w = &strpool[nstr];
  while(*lp != '\0' && !isspace(*lp) && !issymbol(*lp))
    strpool[nstr++] = *lp++;
  strpool[nstr++] = '\0';
  if(word)
    *word = w;
  return t;
}

// ---------------------------------------------------------------- parser

static struct cmd*
fail(const char *msg)
{
  if(perr == 0)
    perr = msg;
  return 0;
}

static struct cmd*
node(int type, struct cmd *left, struct cmd *right)
{
  struct cmd *c;

  if(nnode == NNODE)
    return fail("line too complex");
  c = &nodepool[nnode++];
  memset(c, 0, sizeof(*c));
  c->type = type;
  c->left = left;
  c->right = right;
  c->redir = &redirpool[nred];
  return c;
}

// Parse one redirection (its operator is next) onto c.
static int
parseredir(struct cmd *c)
{
  int op = next(0);
  struct redir *r;
  char *file;

  if(next(&file) != T_WORD){
    fail("missing file name after redirection");
    return -1;
  }
  r = &redirpool[nred++];   // contiguous with c's others: see node()
  c->nredir++;
  r->file = file;
  r->append = 0;
  if(op == '<'){
    r->fd = 0;
    r->mode = O_RDONLY;
  } else if(op == '>'){
    r->fd = 1;
    r->mode = O_WRONLY | O_CREATE | O_TRUNC;
  } else {
    r->fd = 1;
    r->mode = O_RDWR | O_CREATE;
    r->append = 1;
  }
  return 0;
}

static int
isredir(int t)
{
  return t == '<' || t == '>' || t == T_APPEND;
}

static struct cmd *parseline(void);

// exec := '(' line ')' redir* | (word | redir)*
static struct cmd*
parseexec(void)
{
  struct cmd *c, *body;
  int t;

  if(peek() == '('){
    next(0);
    body = parseline();
    if(body == 0)
      return 0;
    if(next(0) != ')')
      return fail("missing )");
    if((c = node(SUB, body, 0)) == 0)
      return 0;
    while(isredir(peek()))
      if(parseredir(c) < 0)
        return 0;
    if(peek() == T_WORD || peek() == '(')
      return fail("unexpected word after )");
    return c;
  }

  if((c = node(EXEC, 0, 0)) == 0)
    return 0;
  c->argv = &argpool[narg];
  for(;;){
    t = peek();
    if(t == T_WORD){
      if(c->argc == MAXWORDS)
        return fail("too many arguments");
      next(&argpool[narg++]);
      c->argc++;
    } else if(isredir(t)){
      if(parseredir(c) < 0)
        return 0;
    } else {
      break;
    }
  }
  argpool[narg++] = 0;
  if(t == '(')
    return fail("unexpected (");
  return c;
}

// Is c a simple command with neither words nor redirections?
static int
isempty(struct cmd *c)
{
  return c->type == EXEC && c->argc == 0 && c->nredir == 0;
}

// pipe := exec ['|' pipe]
static struct cmd*
parsepipe(void)
{
  struct cmd *c, *rest;

  if((c = parseexec()) == 0)
    return 0;
  if(peek() != '|')
    return c;
  next(0);
  if((rest = parsepipe()) == 0)
    return 0;
  if(isempty(c) || isempty(rest))
    return fail("missing command next to |");
  return node(PIPE, c, rest);
}

// line := pipe ['&'] [(';' | after '&') line]
static struct cmd*
parseline(void)
{
  struct cmd *c, *rest;
  int t;

  if((c = parsepipe()) == 0)
    return 0;
  t = peek();
  if(t == '&'){
    next(0);
    if((c = node(BACK, c, 0)) == 0)
      return 0;
    if(peek() == ';')
      next(0);
  } else if(t == ';'){
    next(0);
  } else {
    return c;
  }
  t = peek();
  if(t == T_END || t == ')')
    return c;
  if((rest = parseline()) == 0)
    return 0;
  return node(LIST, c, rest);
}

// Parse the line in `line`. Returns the tree, or 0 after printing why not.
static struct cmd*
parse(void)
{
  struct cmd *c;

  nstr = narg = nred = nnode = 0;
  perr = 0;
  lp = line;
  c = parseline();
  if(c != 0 && peek() != T_END)
    c = fail("unexpected )");
  if(c == 0){
    fprintf(2, "sh: syntax error: %s\n", perr);
    return 0;
  }
  return c;
}

// ---------------------------------------------------------------- running

// Fork a child that runs c. Returns its pid, or -1 if fork failed.
static int
spawn(struct cmd *c)
{
  int pid = fork();

  if(pid < 0)
    fprintf(2, "sh: fork failed\n");
  if(pid == 0)
    runcmd(c);
  return pid;
}

// Wait until child pid has exited, reaping any others (finished
// background jobs) on the way.
static void
waitfor(int pid)
{
  int w;

  if(pid < 0)
    return;
  do {
    w = wait(0);
  } while(w >= 0 && w != pid);
}

// Move fd's offset to the end of the file, if it is a regular file.
static void
seekend(int fd)
{
  struct stat st;
  char buf[512];

  if(fstat(fd, &st) < 0 || st.type != T_FILE)
    return;
  while(read(fd, buf, sizeof(buf)) > 0)
    ;
}

// Apply c's redirections to this process. Exits if a file won't open.
static void
redirect(struct cmd *c)
{
  struct redir *r;
  int i;

  for(i = 0; i < c->nredir; i++){
    r = &c->redir[i];
    close(r->fd);
    if(open(r->file, r->mode) < 0){
      fprintf(2, "open %s failed\n", r->file);
      exit(1);
    }
    if(r->append)
      seekend(r->fd);
  }
}

// Run c in this (child) process, then exit.
static void
runpipe(struct cmd *c)
{
  int p[2];

  if(pipe(p) < 0){
    fprintf(2, "sh: pipe failed\n");
    exit(1);
  }
  if(fork() == 0){
    close(1);
    dup(p[1]);
    close(p[0]);
    close(p[1]);
    runcmd(c->left);
  }
  if(fork() == 0){
    close(0);
    dup(p[0]);
    close(p[0]);
    close(p[1]);
    runcmd(c->right);
  }
  close(p[0]);
  close(p[1]);
  wait(0);
  wait(0);
  exit(0);
}

// Run command tree c in this process, which is a child of the shell.
// Never returns.
static void
runcmd(struct cmd *c)
{
  switch(c->type){
  case EXEC:
    redirect(c);
    if(c->argc == 0)
      exit(0);
    exec(c->argv[0], c->argv);
    fprintf(2, "exec %s failed\n", c->argv[0]);
    exit(1);
  case SUB:
    redirect(c);
    runcmd(c->left);
  case LIST:
    waitfor(spawn(c->left));
    runcmd(c->right);
  case BACK:
    spawn(c->left);
    exit(0);
  case PIPE:
    runpipe(c);
  }
  exit(1);
}

// The built-in cd: change the shell's own directory.
static void
cd(struct cmd *c)
{
  char *dir = c->argc > 1 ? c->argv[1] : "/";

  if(chdir(dir) < 0)
    fprintf(2, "cannot cd %s\n", dir);
}

// Run command tree c from the shell itself. Lists run step by step here,
// so that `cd dir; ls` changes the shell's directory before ls runs.
static void
runtop(struct cmd *c)
{
  switch(c->type){
  case LIST:
    runtop(c->left);
    runtop(c->right);
    return;
  case BACK:
    spawn(c->left);   // reaped by a later waitfor()
    return;
  case EXEC:
    if(c->argc == 0 && c->nredir == 0)
      return;
    if(c->argc > 0 && strcmp(c->argv[0], "cd") == 0){
      cd(c);
      return;
    }
    break;
  }
  waitfor(spawn(c));
}

// Print the prompt and read one line into `line`.
// Returns 0, or -1 at end of input.
static int
getcmd(void)
{
  fprintf(2, "$ ");
  memset(line, 0, sizeof(line));
  gets(line, sizeof(line));
  if(line[0] == '\0')
    return -1;
  return 0;
}

int
main(void)
{
  struct cmd *c;
  int fd;

  // Make sure fds 0, 1 and 2 are open (on the console if nothing else).
  while((fd = open("console", O_RDWR)) >= 0){
    if(fd >= 3){
      close(fd);
      break;
    }
  }

  while(getcmd() == 0){
    if((c = parse()) != 0)
      runtop(c);
  }
  exit(0);
}
