/* tg-i18n.c: per-thread translation with uselocale() */
#include "config.h"

#include <libintl.h>
#include <locale.h>

#include <glib/gi18n-lib.h>

#include "tg-i18n.h"

void
tg_i18n_init (void)
{
	const gchar *dir = g_getenv ("THAOGO_LOCALEDIR");
	g_autofree gchar *installed =
		g_build_filename (LOCALEDIR, "vi", "LC_MESSAGES", GETTEXT_PACKAGE ".mo", NULL);

	/* not installed yet: the catalogue the build tree compiled */
	if (dir == NULL && !g_file_test (installed, G_FILE_TEST_EXISTS))
		dir = TG_BUILDLOCALEDIR;
	bindtextdomain (GETTEXT_PACKAGE, dir != NULL ? dir : LOCALEDIR);
	bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
}

gboolean
tg_i18n_language_is_supported (const gchar *lang)
{
	return g_strcmp0 (lang, "vi") == 0 || g_strcmp0 (lang, "en") == 0;
}

const gchar *
tg_i18n_pick_language (const gchar *accept_language)
{
	g_auto(GStrv) ranges = NULL;
	const gchar *best = "vi";
	gdouble best_q = -1;

	if (accept_language == NULL || strlen (accept_language) > 512)
		return best;
	ranges = g_strsplit (accept_language, ",", 32);
	for (guint i = 0; ranges[i] != NULL; i++) {
		g_auto(GStrv) parts = g_strsplit (ranges[i], ";", 4);
		gchar *tag;
		gdouble q = 1.0;
		const gchar *lang = NULL;

		/* an empty range ("en,,vi", or a header of commas) splits into no part at all */
		if (parts[0] == NULL)
			continue;
		tag = g_strstrip (parts[0]);
		for (guint k = 1; parts[k] != NULL; k++) {
			gchar *p = g_strstrip (parts[k]);
			if (g_str_has_prefix (p, "q="))
				q = g_ascii_strtod (p + 2, NULL);
		}
		if (g_ascii_strncasecmp (tag, "vi", 2) == 0 && (tag[2] == '\0' || tag[2] == '-'))
			lang = "vi";
		else if (g_ascii_strncasecmp (tag, "en", 2) == 0 &&
			 (tag[2] == '\0' || tag[2] == '-'))
			lang = "en";
		if (lang != NULL && q > 0 && q > best_q) {
			best = lang;
			best_q = q;
		}
	}
	return best;
}

static locale_t
tg_i18n_locale_for (const gchar *lang)
{
	static gsize once = 0;
	static locale_t vi = (locale_t) 0, en = (locale_t) 0;

	if (g_once_init_enter (&once)) {
		vi = newlocale (LC_ALL_MASK, "vi_VN.UTF-8", (locale_t) 0);
		if (vi == (locale_t) 0)
			g_message ("locale vi_VN.UTF-8 is not installed: messages stay in English");
		en = newlocale (LC_ALL_MASK, "en_US.UTF-8", (locale_t) 0);
		if (en == (locale_t) 0)
			en = newlocale (LC_ALL_MASK, "C.UTF-8", (locale_t) 0);
		g_once_init_leave (&once, 1);
	}
	return g_strcmp0 (lang, "vi") == 0 ? vi : en;
}

const gchar *
tg_i18n_translate (const gchar *lang, const gchar *msgid)
{
	locale_t loc, old;
	const gchar *text;

	g_return_val_if_fail (msgid != NULL, NULL);
	if (g_strcmp0 (lang, "vi") != 0)
		return msgid;
	loc = tg_i18n_locale_for (lang);
	if (loc == (locale_t) 0)
		return msgid;
	old = uselocale (loc);
	text = g_dgettext (GETTEXT_PACKAGE, msgid);
	uselocale (old);
	return text;
}
