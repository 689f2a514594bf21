/* tui/ui_form.h — the form screen: one record's fields, edited and saved
 * field by field, finalised, or amended with a reason. */
#ifndef TUI_UI_FORM_H
#define TUI_UI_FORM_H

/*
 * Shows record ID until the person goes back, with the cursor on FIELD
 * (NULL: the first field). A draft is edited; a final record is read-only
 * until amended (AMEND: ask the reason at once, as `a` does). Returns the id
 * of the record shown last (an amendment replaces the record it corrects on
 * the screen).
 */
long long ui_form_run(long long id, const char *field, int amend);

#endif
