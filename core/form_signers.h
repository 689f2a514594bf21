/* core/form_signers.h — reading the "signers" of a signatures field
 * (private to form*.c): who must sign a form, said in its definition. */
#ifndef CORE_FORM_SIGNERS_H
#define CORE_FORM_SIGNERS_H

#include "core/form_read.h"

/* Reads field V's "signers" into FD->signers (FD->nsigners groups; freed
 * with form_signers_free), reporting problems at AT through R. */
void form_signers_read(form_reader *r, const cJSON *v, form_field *fd, const char *at);
/* Compiles the "when" of each signer group of field V (FD, read by
 * form_signers_read) on COND, once every field of the form is known. */
void form_signers_compile(form_reader *r, cond_env *cond, const cJSON *v, form_field *fd,
			  const char *at);
/* Frees N signer groups S and the array; safe with NULL. */
void form_signers_free(form_signers *s, int n);

#endif
