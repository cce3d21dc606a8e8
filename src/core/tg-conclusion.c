/* tg-conclusion.c: a meeting's conclusions and their status */
#define G_LOG_DOMAIN "thaogo-core"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "tg-conclusion.h"

#include "tg-date.h"
#include "tg-error.h"
#include "tg-text.h"

void
tg_conclusion_free (TgConclusion *c)
{
	if (c == NULL)
		return;
	g_free (c->id);
	g_free (c->occurrence);
	g_free (c->unit);
	g_free (c->meeting_date);
	g_free (c->text);
	g_free (c->assignee);
	g_free (c->deadline);
	g_free (c);
}

const gchar *
tg_conclusion_status (const TgConclusion *c, const gchar *today)
{
	if (c->done)
		return "done";
	return g_strcmp0 (c->deadline, today) < 0 ? "overdue" : "open";
}

gboolean
tg_conclusion_check_change (const TgConclusionChange *change, gboolean creating, GError **error)
{
	if ((creating || change->text != NULL) &&
	    !tg_text_is_clean_block (change->text, 1, TG_CONCLUSION_TEXT_MAX)) {
		tg_error_set_field (error, TG_ERROR_INVALID, "text",
				    N_ ("must be 1 to 2000 characters of text"));
		return FALSE;
	}
	if ((creating || change->assignee != NULL) &&
	    !tg_text_is_clean_line (change->assignee, 1, TG_CONCLUSION_ASSIGNEE_MAX)) {
		tg_error_set_field (error, TG_ERROR_INVALID, "assignee",
				    N_ ("must be 1 to 200 characters of text on one line"));
		return FALSE;
	}
	if ((creating || change->deadline != NULL) && !tg_date_is_valid_iso (change->deadline)) {
		tg_error_set_field (error, TG_ERROR_INVALID, "deadline",
				    N_ ("must be a date written YYYY-MM-DD"));
		return FALSE;
	}
	if (change->status != NULL && g_strcmp0 (change->status, "open") != 0 &&
	    g_strcmp0 (change->status, "done") != 0) {
		tg_error_set_field (error, TG_ERROR_INVALID, "status", N_ ("must be open or done"));
		return FALSE;
	}
	return TRUE;
}
