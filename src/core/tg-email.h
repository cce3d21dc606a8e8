/* tg-email.h: the syntax of an email address as thaogo accepts it */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* TRUE for a single plain address "local@domain.tld" of at most 254 bytes: no display
 * name, no comments, no quoting, no white space or control characters, so that nothing a
 * user types can become a second recipient or a new SMTP line */
gboolean tg_email_is_valid (const gchar *address);

G_END_DECLS
