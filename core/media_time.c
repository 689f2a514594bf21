/* core/media_time.c — capture times inside JPEG and MP4/MOV files. Reads
 * with pread at bounded offsets: a malformed file yields no time, never a
 * read out of bounds. */
#include "core/media_time.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MEDIA_TIME_HEAD (128 * 1024) /* EXIF lives in the first 64 KiB segment */

static int mt_read(int fd, off_t at, void *b, size_t n)
{
	ssize_t r;

	do
		r = pread(fd, b, n, at);
	while (r < 0 && errno == EINTR);
	return r == (ssize_t)n ? 0 : -1;
}

static unsigned mt_u16(const unsigned char *p, int le)
{
	return le ? (unsigned)(p[0] | p[1] << 8) : (unsigned)(p[0] << 8 | p[1]);
}

static uint32_t mt_u32(const unsigned char *p, int le)
{
	return le ? (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24
		  : (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

/* The value offset of TAG in the IFD at OFF of TIFF data T (N bytes), or 0. */
static uint32_t mt_ifd_find(const unsigned char *t, size_t n, uint32_t off, int le, unsigned tag,
			    uint32_t *count)
{
	unsigned k, entries;

	if (off + 2 > n)
		return 0;
	entries = mt_u16(t + off, le);
	for (k = 0; k < entries && off + 2 + (k + 1) * 12 <= n; k++) {
		const unsigned char *e = t + off + 2 + k * 12;
		if (mt_u16(e, le) == tag) {
			*count = mt_u32(e + 4, le);
			return mt_u32(e + 8, le);
		}
	}
	return 0;
}

/* "YYYY:MM:DD HH:MM:SS" as local time. */
static int mt_exif_time(const char *s, time_t *t)
{
	struct tm tm;
	int y, mo, d, h, mi, sec;

	if (sscanf(s, "%4d:%2d:%2d %2d:%2d:%2d", &y, &mo, &d, &h, &mi, &sec) != 6 || y < 2000 ||
	    mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60)
		return -1;
	memset(&tm, 0, sizeof tm);
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = sec;
	tm.tm_isdst = -1;
	*t = mktime(&tm);
	return *t == (time_t)-1 ? -1 : 0;
}

static int mt_jpeg_in(const unsigned char *h, size_t n, time_t *t);

static int mt_jpeg(int fd, off_t size, time_t *t)
{
	size_t n = size < MEDIA_TIME_HEAD ? (size_t)size : MEDIA_TIME_HEAD;
	unsigned char *h = malloc(n);
	int rc = -1;

	if (h && mt_read(fd, 0, h, n) == 0)
		rc = mt_jpeg_in(h, n, t);
	free(h);
	return rc;
}

/* The EXIF DateTimeOriginal of the JPEG whose first N bytes are H. */
static int mt_jpeg_in(const unsigned char *h, size_t n, time_t *t)
{
	size_t p = 2;

	while (p + 4 <= n && h[p] == 0xFF) {
		unsigned marker = h[p + 1], len = (unsigned)(h[p + 2] << 8 | h[p + 3]);
		if (marker == 0xDA || len < 2)
			break; /* the image data: no more metadata */
		if (marker == 0xE1 && p + 4 + len - 2 <= n && len >= 16 && memcmp(h + p + 4, "Exif\0\0", 6) == 0) {
			const unsigned char *tiff = h + p + 10;
			size_t tn = len - 8;
			int le = tiff[0] == 'I';
			uint32_t cnt = 0, exif, v;
			char s[20];
			if ((tiff[0] != 'I' && tiff[0] != 'M') || tiff[0] != tiff[1])
				return -1;
			exif = mt_ifd_find(tiff, tn, mt_u32(tiff + 4, le), le, 0x8769, &cnt);
			if (!exif)
				return -1;
			v = mt_ifd_find(tiff, tn, exif, le, 0x9003, &cnt); /* DateTimeOriginal */
			if (!v || cnt < 20 || v + 19 > tn)
				return -1;
			memcpy(s, tiff + v, 19);
			s[19] = '\0';
			return mt_exif_time(s, t);
		}
		p += 2 + len;
	}
	return -1;
}

/* mvhd's creation_time in the moov box: seconds since 1904-01-01 UTC. */
static int mt_mp4(int fd, off_t size, time_t *t)
{
	off_t at = 0, end = size;
	unsigned char b[16];
	int inside = 0, guard = 0;

	while (at + 8 <= end && guard++ < 10000) {
		uint64_t len;
		int hdr = 8;
		if (mt_read(fd, at, b, 16 <= end - at ? 16 : 8) != 0)
			return -1;
		len = mt_u32(b, 0);
		if (len == 1) {
			if (end - at < 16)
				return -1;
			len = (uint64_t)mt_u32(b + 8, 0) << 32 | mt_u32(b + 12, 0);
			hdr = 16;
		} else if (len == 0) {
			len = (uint64_t)(end - at);
		}
		if (len < (uint64_t)hdr || len > (uint64_t)(end - at))
			return -1;
		if (!inside && memcmp(b + 4, "moov", 4) == 0) {
			inside = 1;
			end = at + (off_t)len;
			at += hdr;
			continue;
		}
		if (inside && memcmp(b + 4, "mvhd", 4) == 0) {
			unsigned char m[12];
			uint64_t secs;
			if (len < (uint64_t)hdr + 12 || mt_read(fd, at + hdr, m, 12) != 0)
				return -1;
			secs = m[0] == 1 ? (uint64_t)mt_u32(m + 4, 0) << 32 | mt_u32(m + 8, 0) : mt_u32(m + 4, 0);
			/* 1904-01-01 to 1970-01-01: 2082844800 s; before 2000 is unset. */
			if (secs < 2082844800ULL + 946684800ULL)
				return -1;
			*t = (time_t)(secs - 2082844800ULL);
			return 0;
		}
		at += (off_t)len;
	}
	return -1;
}

const char *media_time_read(int fd, off_t size, time_t *t)
{
	unsigned char h[12];

	if (size < 12 || mt_read(fd, 0, h, sizeof h) != 0)
		return NULL;
	if (h[0] == 0xFF && h[1] == 0xD8 && h[2] == 0xFF)
		return mt_jpeg(fd, size, t) == 0 ? "exif" : NULL;
	if (memcmp(h + 4, "ftyp", 4) == 0 || memcmp(h + 4, "moov", 4) == 0 || memcmp(h + 4, "mdat", 4) == 0 ||
	    memcmp(h + 4, "wide", 4) == 0 || memcmp(h + 4, "free", 4) == 0)
		return mt_mp4(fd, size, t) == 0 ? "mp4" : NULL;
	return NULL;
}
