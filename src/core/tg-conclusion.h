/* tg-conclusion.h: the conclusions (kết luận) of a Monday meeting: each a task given to a unit
 * or a department among the participants, with a deadline, followed up at the next meetings */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The longest fields, in characters, and the most conclusions one meeting records */
#define TG_CONCLUSION_TEXT_MAX 2000
#define TG_CONCLUSION_ASSIGNEE_MAX 200
#define TG_CONCLUSIONS_PER_MEETING_MAX 100

typedef struct {
	gchar *id;           /* OCCURRENCE-N: the meeting's id and the conclusion's number in it */
	gchar *occurrence;   /* the meeting (an occurrence id) */
	gchar *unit;         /* the unit whose meeting it is */
	gchar *meeting_date; /* YYYY-MM-DD: the day the meeting was held (moved or not) */
	guint number;        /* 1, 2...: its place in the meeting's notice */
	gchar *text;         /* what is to be done (several lines allowed) */
	gchar *assignee;     /* the unit or department given the task */
	gchar *deadline;     /* YYYY-MM-DD */
	gboolean done;
	gint64 created_at; /* microseconds since the epoch */
	gint64 done_at;    /* 0 while open */
} TgConclusion;

void tg_conclusion_free (TgConclusion *c);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TgConclusion, tg_conclusion_free)

/* (transfer none): "done", "overdue" (open after its deadline, as of @today YYYY-MM-DD) or
 * "open" */
const gchar *tg_conclusion_status (const TgConclusion *c, const gchar *today);

/* What a secretary writes, each NULL when left as it is */
typedef struct {
	const gchar *text;
	const gchar *assignee;
	const gchar *deadline;
	const gchar *status; /* "open" or "done" */
} TgConclusionChange;

/* Checks the fields of @change that are set (@creating: text, assignee and deadline are
 * required); a TG_ERROR_INVALID names the field */
gboolean tg_conclusion_check_change (const TgConclusionChange *change, gboolean creating,
				     GError **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
