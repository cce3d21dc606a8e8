/* tg-email.h: the syntax of an email address as thaogo accepts it */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* TRUE for a single plain address "local@domain.tld" of at most 254 bytes: no display
 * name, no comments, no quoting, no white space or control characters, so that nothing a
 * user types can become a second recipient or a new SMTP line */
gboolean tg_email_is_valid (const gchar *address);

/* The same, but a domain of one label is allowed ("thaogo@localhost", a local relay):
 * only for the configured sender, never for what users type */
gboolean tg_email_is_valid_sender (const gchar *address);

G_END_DECLS
