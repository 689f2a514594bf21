/* core/ref.c — `ID` and `DEVICE:ID`, the one parser every command uses. */
#include "core/ref.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"

/* Appends the refusal ZH / EN with the form and the example. */
static void ref_refuse(msglist *err, const char *zh, const char *en)
{
	buf z = BUF_INIT, e = BUF_INIT;

	buf_printf(&z, "%s（编号写作 编号 或 设备:编号，例如 " REF_EXAMPLE "）", zh);
	buf_printf(&e, "%s (write ID or DEVICE:ID, e.g. " REF_EXAMPLE ")", en);
	msglist_add(err, NULL, NULL, buf_str(&z), buf_str(&e));
	buf_free(&z);
	buf_free(&e);
}

/* Parses the LEN bytes at S as an id. Returns it, or 0 with the reason in
 * ERR. */
static long long ref_number(const char *s, size_t len, msglist *err)
{
	char digits[32];
	long long v;
	size_t i;

	if (len == 0) {
		ref_refuse(err, "编号部分为空", "the number is missing");
		return 0;
	}
	for (i = 0; i < len; i++)
		if (s[i] < '0' || s[i] > '9') {
			ref_refuse(err, "编号只能由数字 0-9 组成", "the number may hold only the digits 0-9");
			return 0;
		}
	/* Leading zeros do not make a number larger. */
	while (len > 1 && *s == '0') {
		s++;
		len--;
	}
	if (len >= sizeof digits) {
		ref_refuse(err, "编号太大（最大 9223372036854775807）",
			   "the number is too large (at most 9223372036854775807)");
		return 0;
	}
	memcpy(digits, s, len);
	digits[len] = '\0';
	errno = 0;
	v = strtoll(digits, NULL, 10);
	if (errno == ERANGE) {
		ref_refuse(err, "编号太大（最大 9223372036854775807）",
			   "the number is too large (at most 9223372036854775807)");
		return 0;
	}
	if (v == 0) {
		ref_refuse(err, "编号从 1 开始", "numbers start at 1");
		return 0;
	}
	return v;
}

/* Checks and normalises the LEN bytes at S as a device id into OUT.
 * Returns JL_OK or JL_EUSAGE with the reason in ERR. */
static jl_status ref_device(const char *s, size_t len, ref *out, msglist *err)
{
	char raw[REF_DEVICE_MAX + 1];
	char *norm = NULL;
	jl_status rc = JL_EUSAGE;

	if (len > REF_DEVICE_MAX) {
		ref_refuse(err, "设备编号太长", "the device id is too long");
		return JL_EUSAGE;
	}
	memcpy(raw, s, len);
	raw[len] = '\0';
	if (text_blank(raw)) {
		ref_refuse(err, "设备编号为空", "the device id is missing");
		return JL_EUSAGE;
	}
	/* The rule `init --device` applies (the whole name was checked as an
	 * identifier already): normalised as stored. */
	norm = text_ident(raw);
	if (!norm) {
		rc = JL_ENOMEM;
		goto done;
	}
	/* NFKC can leave nothing visible (U+309B becomes a space and a
	 * combining mark): such an id could not be typed back. */
	if (text_blank(norm)) {
		ref_refuse(err, "设备编号为空", "the device id is missing");
		goto done;
	}
	if (strlen(norm) > REF_DEVICE_MAX) {
		ref_refuse(err, "设备编号太长", "the device id is too long");
		goto done;
	}
	/* One colon separates; HQ's device ids (its file names) hold none. */
	if (strchr(norm, ':')) {
		ref_refuse(err, "设备编号中不能有冒号", "a device id holds no colon");
		goto done;
	}
	strcpy(out->device, norm);
	rc = JL_OK;
done:
	free(norm);
	return rc;
}

jl_status ref_parse(const char *s, ref *out, msglist *err)
{
	static const char fullwidth_colon[] = "\xef\xbc\x9a"; /* U+FF1A */
	const char *sep = NULL, *p, *num;
	size_t seplen = 0;
	msglist why = MSGLIST_INIT;
	jl_status rc = JL_EUSAGE;

	memset(out, 0, sizeof *out);
	if (!s || !*s) {
		ref_refuse(err, "编号为空", "the id is empty");
		return JL_EUSAGE;
	}
	/* An invisible character or a control is named as such (by its
	 * position in what was typed), not as "not a digit". */
	if (!text_check(s, strlen(s), TEXT_ID, &why, NULL, NULL)) {
		ref_refuse(err, why.n ? why.items[0].zh : "?", why.n ? why.items[0].en : "?");
		goto done;
	}
	/* The last separator: the number after it holds none. */
	for (p = s; *p; p++) {
		if (*p == ':') {
			sep = p;
			seplen = 1;
		} else if (strncmp(p, fullwidth_colon, 3) == 0) {
			sep = p;
			seplen = 3;
		}
	}
	num = s;
	if (sep) {
		if (sep == s) {
			ref_refuse(err, "冒号前的设备编号为空", "the device id before the colon is missing");
			goto done;
		}
		if ((rc = ref_device(s, (size_t)(sep - s), out, err)) != JL_OK)
			goto done;
		rc = JL_EUSAGE;
		num = sep + seplen;
	}
	out->id = ref_number(num, strlen(num), err);
	if (out->id)
		rc = JL_OK;
done:
	msglist_free(&why);
	return rc;
}

void ref_format(buf *out, const char *device, long long id)
{
	if (device && *device)
		buf_printf(out, "%s:%lld", device, id);
	else
		buf_printf(out, "%lld", id);
}
