/* core/media_time.h — when a photo or a video says it was taken (R19.2):
 * JPEG EXIF DateTimeOriginal, the creation_time of an MP4/MOV. */
#ifndef CORE_MEDIA_TIME_H
#define CORE_MEDIA_TIME_H

#include <sys/types.h>
#include <time.h>

/*
 * Reads the capture time recorded inside the file open at FD (SIZE bytes),
 * by its content (never its name). Returns "exif" or "mp4" (static) with *T
 * set, or NULL when the file holds none (or one before 2000: a camera whose
 * clock was never set). EXIF times have no zone: they are read as local time.
 */
const char *media_time_read(int fd, off_t size, time_t *t);

#endif
