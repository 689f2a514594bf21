/* core/form_example.h — reading a field's "example" (private to form*.c). */
#ifndef CORE_FORM_EXAMPLE_H
#define CORE_FORM_EXAMPLE_H

#include "core/form_read.h"

/* Reads field V's "example" into FD->example (a new string, freed with the
 * form): one line of text, a party's a JSON object; problems are reported
 * at AT.example through R. */
void form_example_read(form_reader *r, const cJSON *v, form_field *fd, const char *at);

#endif
