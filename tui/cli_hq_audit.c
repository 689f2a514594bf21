/* tui/cli_hq_audit.c — `hq limits`, `hq refusals`, `hq received`. */
#include "tui/cli_hq_audit.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/clock.h"
#include "core/db.h"
#include "core/hq.h"
#include "core/hq_audit.h"
#include "core/hq_device.h"
#include "core/hq_hold.h"
#include "core/hq_list.h"
#include "core/hq_store.h"

static const cli_command hq_limits_cmd = {
	"limits", cli_hq_limits, "hq limits [--media-max SIZE] [--hold-max SIZE] [--min-rate SIZE] [--db PATH]",
	"总部对音像文件的限额：单个文件上限、每台设备未被条目引用的字节上限、传送的最低平均速率"
	"（字节/秒；SIZE 可带 K、M、G、T）；不带选项时显示当前值",
	"HQ's limits on media: the largest medium, the bytes a device may hold that no entry names, "
	"the slowest average a transfer may keep (bytes/s; SIZE may end in K, M, G, T); with no "
	"option, shows them"};
static const cli_command hq_refusals_cmd = {
	"refusals", cli_hq_refusals, "hq refusals [--device ID] [--since TIME] [--json] [--db PATH]",
	"总部记录的每次拒绝（改写的历史、不符的条目、无条目引用而删除的音像文件、超限、太慢…）",
	"every refusal HQ recorded (a rewritten history, an entry that does not hold, a medium no "
	"entry names removed, over a limit, too slow…)"};
static const cli_command hq_received_cmd = {
	"received", cli_hq_received, "hq received --device ID [--since TIME] [--json] [--db PATH]",
	"总部在某时刻之后从一台设备收到的条目（收到时间、设备时间），供怀疑密钥失窃时复查",
	"the entries HQ received from a device after a time (when received, the device's time): "
	"what to review when its key may have been stolen"};

/* Parses SIZE: digits, optionally K, M, G or T (×1024 each). Returns 0 and *OUT, or -1. */
static int hq_size_arg(const char *s, long long *out)
{
	char *end = NULL;
	long long v, mul = 1;

	if (!s || *s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno)
		return -1;
	if (*end) {
		const char *u = strchr("KMGT", *end);
		if (!u || end[1])
			return -1;
		mul = 1LL << (10 * (u - "KMGT" + 1));
	}
	if (v > (1LL << 62) / mul)
		return -1;
	*out = v * mul;
	return 0;
}

/* Opens HQ's registry at PATH: to write when CREATE (made when missing),
 * else to read. A store that exists and is not HQ's (a device's) is refused
 * either way: HQ's tables never go into a device's store. Returns JL_OK and
 * *D (caller closes), or a status with the reason in C->msgs. */
static jl_status hq_registry(cli *c, const char *path, int create, db **d)
{
	jl_status rc;

	*d = NULL;
	if ((!create || access(path, F_OK) == 0) && !hq_list_is_hq(path)) {
		msglist_addf(&c->msgs, NULL, path, "不是总部数据库（没有设备同步过）",
			     "not a headquarters store (no device has synced to it)");
		return JL_ESTORE;
	}
	rc = db_open(path, create ? DB_OPEN_CREATE : DB_OPEN_READ, d, &c->msgs);
	if (rc == JL_OK && create)
		rc = hq_store_init(*d, &c->msgs);
	return rc;
}

/* The registry's path: --db, else HQ's store when the global --device
 * pointed the command at a device's store, else the store's path. */
static const char *hq_registry_path(cli *c, const char *dbp)
{
	return dbp ? dbp : c->hq_path ? c->hq_path : c->db_path;
}

int cli_hq_limits(cli *c, int argc, char **argv)
{
	const cli_command *cmd = &hq_limits_cmd;
	const char *dbp = NULL, *v[3] = {NULL, NULL, NULL};
	static const char *const opts[3] = {"--media-max", "--hold-max", "--min-rate"};
	hq_limits lim;
	long long *field[3] = {&lim.media_max, &lim.hold_max, &lim.min_rate};
	db *d = NULL;
	jl_status rc;
	int i, k, took, set = 0;

	for (i = 0; i < argc; i++) {
		if (cli_is_help(argv[i]))
			return cli_help(c, cmd);
		if ((took = cli_opt(c, cmd, argc, argv, &i, "--db", &dbp))) {
			if (took < 0)
				return 2;
			continue;
		}
		for (k = 0; k < 3; k++)
			if ((took = cli_opt(c, cmd, argc, argv, &i, opts[k], &v[k])))
				break;
		if (k == 3)
			return cli_usage(c, cmd, "多余的参数", "unexpected argument");
		if (took < 0)
			return 2;
		set = 1;
	}
	rc = hq_registry(c, hq_registry_path(c, dbp), set, &d);
	if (rc == JL_OK)
		rc = hq_limits_read(d, &lim, &c->msgs);
	for (k = 0; rc == JL_OK && k < 3; k++) {
		if (v[k] && hq_size_arg(v[k], field[k]) != 0) {
			msglist_addf(&c->msgs, NULL, opts[k], "不是字节数：%s（如 4G、512M、2048）",
				     "not a number of bytes: %s (like 4G, 512M, 2048)", v[k]);
			rc = JL_EUSAGE;
		}
	}
	if (rc == JL_OK && set)
		rc = hq_limits_write(d, &lim, &c->msgs);
	if (rc == JL_OK)
		printf("media-max %lld\nhold-max %lld\nmin-rate %lld\n", lim.media_max, lim.hold_max,
		       lim.min_rate);
	db_close(d);
	return cli_finish(c, rc);
}

/* The options of `hq refusals` and `hq received`. Returns -1 when good,
 * else the exit code (the usage error said). */
static int hq_list_args(cli *c, const cli_command *cmd, int argc, char **argv, const char **dbp,
			const char **device, time_t *since, int *json)
{
	const char *s = NULL;
	int i, took;

	for (i = 0; i < argc; i++) {
		if (cli_is_help(argv[i]))
			return cli_help(c, cmd);
		if ((took = cli_opt(c, cmd, argc, argv, &i, "--db", dbp)) ||
		    (took = cli_opt(c, cmd, argc, argv, &i, "--device", device)) ||
		    (took = cli_opt(c, cmd, argc, argv, &i, "--since", &s)) ||
		    (took = cli_flag(c, cmd, argv[i], "--json", json))) {
			if (took < 0)
				return 2;
			continue;
		}
		return cli_usage(c, cmd, "多余的参数", "unexpected argument");
	}
	if (!*device)
		*device = c->hq_device;
	if (*device && !hq_device_valid(*device)) {
		msglist_addf(&c->msgs, NULL, "--device", "设备编号无效：%s", "not a device id: %s", *device);
		return cli_finish(c, JL_EUSAGE);
	}
	*since = 0;
	if (s && clock_parse(s, since) != 0) {
		msglist_addf(&c->msgs, NULL, "--since",
			     "不是时间：%s（应为 2026-11-30 或 2026-11-30T08:00[+08:00]）",
			     "not a time: %s (like 2026-11-30 or 2026-11-30T08:00[+08:00])", s);
		return cli_finish(c, JL_EUSAGE);
	}
	return -1;
}

int cli_hq_refusals(cli *c, int argc, char **argv)
{
	const char *dbp = NULL, *device = NULL;
	hq_refusal_row *rows = NULL;
	time_t since;
	cJSON *arr = NULL;
	db *d = NULL;
	jl_status rc;
	int json = 0, n = 0, i;

	if ((i = hq_list_args(c, &hq_refusals_cmd, argc, argv, &dbp, &device, &since, &json)) >= 0)
		return i;
	rc = hq_registry(c, hq_registry_path(c, dbp), 0, &d);
	if (rc == JL_OK)
		rc = hq_refusals_list(d, device, since, &rows, &n, &c->msgs);
	if (rc == JL_OK && json && !(arr = cJSON_CreateArray()))
		rc = JL_ENOMEM;
	for (i = 0; rc == JL_OK && i < n; i++) {
		if (json) {
			cJSON *o = cJSON_CreateObject();
			cJSON_AddItemToArray(arr, o);
			cJSON_AddStringToObject(o, "device", rows[i].device);
			cJSON_AddStringToObject(o, "at", rows[i].at);
			cJSON_AddStringToObject(o, "reason", rows[i].reason);
			if (rows[i].detail)
				cJSON_AddStringToObject(o, "detail", rows[i].detail);
			else
				cJSON_AddNullToObject(o, "detail");
		} else {
			printf("%s  %-10s  %-8s  %s\n", rows[i].at, rows[i].device, rows[i].reason,
			       rows[i].detail ? rows[i].detail : "");
		}
	}
	if (rc == JL_OK && json)
		rc = cli_print_json(arr);
	hq_refusals_free(rows, n);
	db_close(d);
	return cli_finish(c, rc);
}

int cli_hq_received(cli *c, int argc, char **argv)
{
	const char *dbp = NULL, *device = NULL;
	hq_received_row *rows = NULL;
	time_t since;
	cJSON *arr = NULL;
	db *d = NULL, *m = NULL;
	char *path = NULL;
	jl_status rc;
	int json = 0, n = 0, i;

	if ((i = hq_list_args(c, &hq_received_cmd, argc, argv, &dbp, &device, &since, &json)) >= 0)
		return i;
	if (!device)
		return cli_usage(c, &hq_received_cmd, "须给出 --device", "--device is needed");
	rc = hq_registry(c, hq_registry_path(c, dbp), 0, &d);
	if (rc == JL_OK) {
		path = hq_device_path(db_path(d), device);
		if (path && access(path, F_OK) != 0) {
			msglist_addf(&c->msgs, NULL, "--device", "总部没有设备 %s 的数据（%s）",
				     "headquarters holds nothing of device %s (%s)", device, path);
			rc = JL_ESTORE;
		} else {
			rc = path ? db_open(path, DB_OPEN_READ, &m, &c->msgs) : JL_ENOMEM;
		}
	}
	if (rc == JL_OK)
		rc = hq_received_list(d, m, device, since, &rows, &n, &c->msgs);
	if (rc == JL_OK && json && !(arr = cJSON_CreateArray()))
		rc = JL_ENOMEM;
	for (i = 0; rc == JL_OK && i < n; i++) {
		if (json) {
			cJSON *o = cJSON_CreateObject();
			cJSON_AddItemToArray(arr, o);
			cJSON_AddStringToObject(o, "device", device);
			cJSON_AddNumberToObject(o, "seq", (double)rows[i].seq);
			cJSON_AddStringToObject(o, "received_at", rows[i].received_at);
			cJSON_AddStringToObject(o, "kind", rows[i].kind ? rows[i].kind : "");
			cJSON_AddStringToObject(o, "subject", rows[i].subject ? rows[i].subject : "");
			if (rows[i].at)
				cJSON_AddStringToObject(o, "at", rows[i].at);
			else
				cJSON_AddNullToObject(o, "at");
		} else {
			printf("%s  %s:%lld  %-10s  %-16s  %s %s\n", rows[i].received_at, device, rows[i].seq,
			       rows[i].kind ? rows[i].kind : "", rows[i].subject ? rows[i].subject : "",
			       CLI_T(c, "设备时间", "device time"), rows[i].at ? rows[i].at : "-");
		}
	}
	if (rc == JL_OK && json)
		rc = cli_print_json(arr);
	hq_received_free(rows, n);
	free(path);
	db_close(m);
	db_close(d);
	return cli_finish(c, rc);
}
