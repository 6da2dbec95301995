// virtio-mmio block device (kernel/virtio_disk.c).
// Register offsets and bits: virtio spec v1.1, section 4.2.2 (MMIO device
// register layout) and 5.2 (block device).
#ifndef COWOS_VIRTIO_H
#define COWOS_VIRTIO_H

struct buf;

void virtio_disk_init(void);
void virtio_disk_rw(struct buf *b, int write);
void virtio_disk_intr(void);
uint64 virtio_disk_size(void);

#endif
