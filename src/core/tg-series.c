/* tg-series.c: a unit's Monday series */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "tg-email.h"
#include "tg-error.h"
#include "tg-series.h"
#include "tg-text.h"

#define TG_SERIES_PARTICIPANTS_MAX 200

TgParticipant *
tg_participant_new (const gchar *name, const gchar *email, const gchar *role)
{
	TgParticipant *p = g_new0 (TgParticipant, 1);
	p->name = g_strdup (name);
	p->email = g_strdup (email);
	p->role = g_strdup (role);
	return p;
}

TgParticipant *
tg_participant_copy (const TgParticipant *p)
{
	return tg_participant_new (p->name, p->email, p->role);
}

void
tg_participant_free (TgParticipant *p)
{
	if (p == NULL)
		return;
	g_free (p->name);
	g_free (p->email);
	g_free (p->role);
	g_free (p);
}

GPtrArray *
tg_participants_new (void)
{
	return g_ptr_array_new_with_free_func ((GDestroyNotify) tg_participant_free);
}

GPtrArray *
tg_participants_copy (GPtrArray *participants)
{
	GPtrArray *copy = tg_participants_new ();
	for (guint i = 0; participants != NULL && i < participants->len; i++)
		g_ptr_array_add (copy, tg_participant_copy (g_ptr_array_index (participants, i)));
	return copy;
}

gboolean
tg_participants_validate (GPtrArray *participants, const gchar *prefix, GError **error)
{
	if (participants == NULL)
		return TRUE;
	if (participants->len > TG_SERIES_PARTICIPANTS_MAX) {
		tg_error_set_field (error, TG_ERROR_INVALID, prefix,
				    N_ ("at most 200 participants"));
		return FALSE;
	}
	for (guint i = 0; i < participants->len; i++) {
		TgParticipant *p = g_ptr_array_index (participants, i);
		g_autofree gchar *field = NULL;

		if (!tg_text_is_clean_line (p->name, 1, 100)) {
			field = g_strdup_printf ("%s[%u].name", prefix, i);
			tg_error_set_field (error, TG_ERROR_INVALID, field,
					    N_ ("must be 1 to 100 characters of text on one line"));
			return FALSE;
		}
		if (p->email != NULL && !tg_email_is_valid (p->email)) {
			field = g_strdup_printf ("%s[%u].email", prefix, i);
			tg_error_set_field (error, TG_ERROR_INVALID, field,
					    N_ ("is not a valid email address"));
			return FALSE;
		}
		if (p->role != NULL && !tg_text_is_clean_line (p->role, 1, 100)) {
			field = g_strdup_printf ("%s[%u].role", prefix, i);
			tg_error_set_field (error, TG_ERROR_INVALID, field,
					    N_ ("must be 1 to 100 characters of text on one line"));
			return FALSE;
		}
	}
	return TRUE;
}

TgSeries *
tg_series_new_default (const gchar *unit)
{
	TgSeries *s = g_new0 (TgSeries, 1);
	s->unit = g_strdup (unit);
	s->meeting_start = 8 * 60;
	s->meeting_end = 10 * 60;
	s->mode = TG_MEETING_MODE_IN_PERSON;
	s->participants = tg_participants_new ();
	s->reception_start = 10 * 60;
	s->reception_end = 11 * 60 + 30;
	s->slot_minutes = 15;
	s->desks = 3;
	s->opens_days_before = 28;
	s->closes_hours_before = 18;
	s->holiday_policy = TG_HOLIDAY_POLICY_NEXT_WORKING_DAY;
	return s;
}

TgSeries *
tg_series_copy (const TgSeries *series)
{
	TgSeries *s = g_memdup2 (series, sizeof (TgSeries));
	s->unit = g_strdup (series->unit);
	s->venue = g_strdup (series->venue);
	s->online_url = g_strdup (series->online_url);
	s->reception_venue = g_strdup (series->reception_venue);
	s->chair = g_strdup (series->chair);
	s->chair_title = g_strdup (series->chair_title);
	s->participants = tg_participants_copy (series->participants);
	return s;
}

void
tg_series_free (TgSeries *series)
{
	if (series == NULL)
		return;
	g_free (series->unit);
	g_free (series->venue);
	g_free (series->online_url);
	g_free (series->reception_venue);
	g_free (series->chair);
	g_free (series->chair_title);
	g_ptr_array_unref (series->participants);
	g_free (series);
}

gboolean
tg_url_is_valid (const gchar *url)
{
	if (url == NULL || strlen (url) > 500)
		return FALSE;
	if (!g_str_has_prefix (url, "https://") && !g_str_has_prefix (url, "http://"))
		return FALSE;
	for (const gchar *p = url; *p != '\0'; p++) {
		if ((guchar) *p <= 0x20 || (guchar) *p >= 0x7f || *p == '"' || *p == '<' ||
		    *p == '>' || *p == '\\')
			return FALSE;
	}
	return strlen (strstr (url, "://") + 3) > 0;
}

gboolean
tg_series_validate (const TgSeries *s, GError **error)
{
	g_return_val_if_fail (s != NULL, FALSE);

	if (s->meeting_start >= 24 * 60 || s->meeting_end >= 24 * 60 ||
	    s->meeting_end <= s->meeting_start) {
		tg_error_set_field (error, TG_ERROR_INVALID, "meeting.end",
				    N_ ("the meeting must end after it starts, on the same day"));
		return FALSE;
	}
	if (s->mode == TG_MEETING_MODE_UNKNOWN) {
		tg_error_set_field (error, TG_ERROR_INVALID, "meeting.mode",
				    N_ ("must be in_person, online or hybrid"));
		return FALSE;
	}
	if (s->venue != NULL && !tg_text_is_clean_line (s->venue, 1, 200)) {
		tg_error_set_field (error, TG_ERROR_INVALID, "meeting.venue",
				    N_ ("must be 1 to 200 characters of text on one line"));
		return FALSE;
	}
	if (s->online_url != NULL && !tg_url_is_valid (s->online_url)) {
		tg_error_set_field (error, TG_ERROR_INVALID, "meeting.online_url",
				    N_ ("must be an http:// or https:// address"));
		return FALSE;
	}
	if (s->chair != NULL && !tg_text_is_clean_line (s->chair, 1, TG_CHAIR_MAX)) {
		tg_error_set_field (error, TG_ERROR_INVALID, "meeting.chair.name",
				    N_ ("must be 1 to 200 characters of text on one line"));
		return FALSE;
	}
	if (s->chair_title != NULL && !tg_text_is_clean_line (s->chair_title, 1, TG_CHAIR_MAX)) {
		tg_error_set_field (error, TG_ERROR_INVALID, "meeting.chair.title",
				    N_ ("must be 1 to 200 characters of text on one line"));
		return FALSE;
	}
	if (!tg_participants_validate (s->participants, "meeting.participants", error))
		return FALSE;
	if (s->reception_start >= 24 * 60 || s->reception_end >= 24 * 60 ||
	    s->reception_end <= s->reception_start) {
		tg_error_set_field (error, TG_ERROR_INVALID, "reception.end",
				    N_ ("the reception must end after it starts, on the same day"));
		return FALSE;
	}
	if (s->reception_venue != NULL && !tg_text_is_clean_line (s->reception_venue, 1, 200)) {
		tg_error_set_field (error, TG_ERROR_INVALID, "reception.venue",
				    N_ ("must be 1 to 200 characters of text on one line"));
		return FALSE;
	}
	if (s->slot_minutes < 5 || s->slot_minutes > 240) {
		tg_error_set_field (error, TG_ERROR_INVALID, "reception.slot_minutes",
				    N_ ("must be 5 to 240 minutes"));
		return FALSE;
	}
	if (s->slot_minutes > s->reception_end - s->reception_start) {
		tg_error_set_field (error, TG_ERROR_INVALID, "reception.slot_minutes",
				    N_ ("a slot cannot be longer than the reception"));
		return FALSE;
	}
	if (s->desks < 1 || s->desks > 50) {
		tg_error_set_field (error, TG_ERROR_INVALID, "reception.desks",
				    N_ ("must be 1 to 50"));
		return FALSE;
	}
	if (s->opens_days_before < 1 || s->opens_days_before > 365) {
		tg_error_set_field (error, TG_ERROR_INVALID, "booking.opens_days_before",
				    N_ ("must be 1 to 365 days"));
		return FALSE;
	}
	if (s->closes_hours_before > 168 || s->closes_hours_before >= s->opens_days_before * 24) {
		tg_error_set_field (error, TG_ERROR_INVALID, "booking.closes_hours_before",
				    N_ ("must be 0 to 168 hours, and before the booking opens"));
		return FALSE;
	}
	if (s->holiday_policy == TG_HOLIDAY_POLICY_UNKNOWN) {
		tg_error_set_field (error, TG_ERROR_INVALID, "holiday_policy",
				    N_ ("must be next_working_day, skip or manual"));
		return FALSE;
	}
	return TRUE;
}

static const gchar *tg_meeting_modes[] = {NULL, "in_person", "online", "hybrid"};
static const gchar *tg_holiday_policies[] = {NULL, "next_working_day", "skip", "manual"};

static const gchar *
tg_enum_to_string (const gchar **names, guint n, guint value)
{
	return value < n ? names[value] : NULL;
}

static guint
tg_enum_from_string (const gchar **names, guint n, const gchar *str)
{
	for (guint i = 1; str != NULL && i < n; i++) {
		if (g_strcmp0 (names[i], str) == 0)
			return i;
	}
	return 0;
}

const gchar *
tg_meeting_mode_to_string (TgMeetingMode mode)
{
	return tg_enum_to_string (tg_meeting_modes, G_N_ELEMENTS (tg_meeting_modes), mode);
}

TgMeetingMode
tg_meeting_mode_from_string (const gchar *str)
{
	return tg_enum_from_string (tg_meeting_modes, G_N_ELEMENTS (tg_meeting_modes), str);
}

const gchar *
tg_holiday_policy_to_string (TgHolidayPolicy policy)
{
	return tg_enum_to_string (tg_holiday_policies, G_N_ELEMENTS (tg_holiday_policies), policy);
}

TgHolidayPolicy
tg_holiday_policy_from_string (const gchar *str)
{
	return tg_enum_from_string (tg_holiday_policies, G_N_ELEMENTS (tg_holiday_policies), str);
}

gboolean
tg_time_parse (const gchar *str, guint *minutes)
{
	guint h, m;

	if (str == NULL || strlen (str) != 5 || str[2] != ':' || !g_ascii_isdigit (str[0]) ||
	    !g_ascii_isdigit (str[1]) || !g_ascii_isdigit (str[3]) || !g_ascii_isdigit (str[4]))
		return FALSE;
	h = (guint) (str[0] - '0') * 10 + (guint) (str[1] - '0');
	m = (guint) (str[3] - '0') * 10 + (guint) (str[4] - '0');
	if (h > 23 || m > 59)
		return FALSE;
	*minutes = h * 60 + m;
	return TRUE;
}

gchar *
tg_time_to_string (guint minutes)
{
	return g_strdup_printf ("%02u:%02u", minutes / 60 % 24, minutes % 60);
}
