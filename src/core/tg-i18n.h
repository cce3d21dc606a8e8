/* tg-i18n.h: messages in the language of a request or of a recipient */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Binds the text domain to $THAOGO_LOCALEDIR or the installed locale directory; call once
 * from main() after setlocale() */
void tg_i18n_init (void);

/* "vi" or "en" for an Accept-Language header value (q-values honoured); vi when neither
 * is acceptable or the header is missing */
const gchar *tg_i18n_pick_language (const gchar *accept_language);

/* TRUE for the languages thaogo speaks: "vi" and "en" */
gboolean tg_i18n_language_is_supported (const gchar *lang);

/* (transfer none): @msgid translated into @lang ("vi" or "en") in this thread only, with
 * uselocale(); never touches the process locale */
const gchar *tg_i18n_translate (const gchar *lang, const gchar *msgid);

G_END_DECLS
