/* tui/export.c — the case file's names for the layouts (export.h). */
#include "tui/export.h"

int export_is_final(const record_row *r)
{
	return casefile_is_final(r);
}

const export_entry *export_entry_find(const export_file *x, long long seq)
{
	return casefile_entry_find(x, seq);
}
