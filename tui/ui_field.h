/*
 * tui/ui_field.h — one editor per value shape of spec/forms.md. Each saves
 * through its context's SAVE the moment a value is committed (a field left,
 * an entry of a party, officers or signatures changed), so a pulled battery
 * loses at most what is being typed.
 */
#ifndef TUI_UI_FIELD_H
#define TUI_UI_FIELD_H

#include <cJSON.h>

#include "core/buf.h"
#include "core/form.h"

typedef struct {
	const form *f;
	const form_field *fd;
	const cJSON *value;      /* the value now (NULL: none); owned by the caller
				  * and refreshed by it after every save */
	long long record_id, action_id;
	/* Saves VALUE (taken: SAVE frees it) as the field's new value; cJSON
	 * null clears it. Returns 0, or -1 when refused (the reason shown). */
	int (*save)(void *ctx, cJSON *value);
	void *ctx;
} ui_field_ctx;

/* Edits the field of C by its shape. Returns 1 when something was saved. */
int ui_field_edit(ui_field_ctx *c);

/* Sets a date or datetime field to today / now. Returns 1 when saved. */
int ui_field_now(ui_field_ctx *c);

/* Appends V (a value of FD) on one line as a person reads it. */
void ui_field_summary(const form_field *fd, const cJSON *v, buf *out);

/* Returns the label of a fixed vocabulary id (uscc, party, signed, video …)
 * in the screens' language, or ID itself. */
const char *ui_field_vocab(const char *id);

/* The structured shapes (tui/ui_field_party.c, tui/ui_field_people.c). */
int ui_field_party(ui_field_ctx *c);
int ui_field_officers(ui_field_ctx *c);
int ui_field_signatures(ui_field_ctx *c);
int ui_field_av(ui_field_ctx *c);

#endif
