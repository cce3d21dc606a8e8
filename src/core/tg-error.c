/* tg-error.c: the TG_ERROR domain with a field and a message id (GLib extended errors) */
#include "config.h"

#include "tg-error.h"

typedef struct {
	gchar *field;
	const gchar *msgid; /* static, N_() */
} TgErrorPrivate;

static void
tg_error_private_init (TgErrorPrivate *priv)
{
	priv->field = NULL;
	priv->msgid = NULL;
}

static void
tg_error_private_copy (const TgErrorPrivate *src, TgErrorPrivate *dest)
{
	dest->field = g_strdup (src->field);
	dest->msgid = src->msgid;
}

static void
tg_error_private_clear (TgErrorPrivate *priv)
{
	g_clear_pointer (&priv->field, g_free);
}

G_DEFINE_EXTENDED_ERROR (TgError, tg_error)

const gchar *
tg_error_get_field (const GError *error)
{
	TgErrorPrivate *priv;
	if (error == NULL || error->domain != TG_ERROR)
		return NULL;
	priv = tg_error_get_private (error);
	return priv != NULL ? priv->field : NULL;
}

const gchar *
tg_error_get_msgid (const GError *error)
{
	TgErrorPrivate *priv;
	if (error == NULL || error->domain != TG_ERROR)
		return NULL;
	priv = tg_error_get_private (error);
	return priv != NULL ? priv->msgid : NULL;
}

void
tg_error_set_field (GError **error, TgError code, const gchar *field, const gchar *msgid)
{
	GError *e;
	TgErrorPrivate *priv;

	if (error == NULL)
		return;
	if (field != NULL)
		e = g_error_new (TG_ERROR, code, "%s: %s", field, msgid);
	else
		e = g_error_new_literal (TG_ERROR, code, msgid);
	priv = tg_error_get_private (e);
	priv->field = g_strdup (field);
	priv->msgid = msgid;
	g_propagate_error (error, e);
}
