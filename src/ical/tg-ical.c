/* tg-ical.c: iCalendar text with libical */
#define G_LOG_DOMAIN "thaogo-ical"

#include "config.h"

#include <libical/ical.h>

#include "tg-ical.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (icalcomponent, icalcomponent_free)

#define TG_ICAL_PRODID "-//thaogo//thaogo " PACKAGE_VERSION "//VI"

TgIcalEvent *
tg_ical_event_new (void)
{
	return g_new0 (TgIcalEvent, 1);
}

void
tg_ical_event_free (TgIcalEvent *e)
{
	if (e == NULL)
		return;
	g_free (e->uid);
	g_free (e->date);
	g_free (e->summary);
	g_free (e->description);
	g_free (e->location);
	g_free (e->url);
	g_free (e->category);
	g_free (e);
}

gchar *
tg_ical_event_hash (const TgIcalEvent *e)
{
	g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
	g_autofree gchar *times =
		g_strdup_printf ("%s|%u|%u|%d", e->date, e->start, e->end, (gint) e->status);
	const gchar *fields[] = {e->uid,      times,  e->summary, e->description,
				 e->location, e->url, e->category};

	for (guint i = 0; i < G_N_ELEMENTS (fields); i++) {
		/* a separator that text cannot contain keeps fields apart */
		g_checksum_update (sum, (const guchar *) (fields[i] != NULL ? fields[i] : ""), -1);
		g_checksum_update (sum, (const guchar *) "\x1f", 1);
	}
	return g_strdup (g_checksum_get_string (sum));
}

/* user text for a TEXT value: newlines stay (libical escapes them as \n), every other
 * control character becomes a space, so nothing can start a line of its own */
static gchar *
tg_ical_clean_text (const gchar *text)
{
	GString *out;

	if (text == NULL)
		return NULL;
	out = g_string_sized_new (strlen (text));
	for (const gchar *p = text; *p != '\0'; p = g_utf8_next_char (p)) {
		gunichar c = g_utf8_get_char_validated (p, -1);
		if (c == (gunichar) -1 || c == (gunichar) -2)
			break;
		if (c == '\n')
			g_string_append_c (out, '\n');
		else if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == 0x2028 ||
			 c == 0x2029)
			g_string_append_c (out, ' ');
		else
			g_string_append_unichar (out, c);
	}
	return g_string_free (out, FALSE);
}

static struct icaltimetype
tg_ical_local_time (const gchar *date, guint minutes)
{
	struct icaltimetype t = icaltime_null_time ();
	guint y = 0, m = 0, d = 0;

	if (date != NULL && sscanf (date, "%4u-%2u-%2u", &y, &m, &d) == 3) {
		t.year = (int) y;
		t.month = (int) m;
		t.day = (int) d;
	}
	t.hour = (int) (minutes / 60);
	t.minute = (int) (minutes % 60);
	t.is_date = 0;
	return t;
}

static struct icaltimetype
tg_ical_utc_time (gint64 time_us)
{
	return icaltime_from_timet_with_zone ((time_t) (time_us / G_USEC_PER_SEC), 0,
					      icaltimezone_get_utc_timezone ());
}

static void
tg_ical_add_text (icalcomponent *c, icalproperty *(*make) (const char *), const gchar *text)
{
	g_autofree gchar *clean = tg_ical_clean_text (text);
	if (clean != NULL && clean[0] != '\0')
		icalcomponent_add_property (c, make (clean));
}

static icalproperty *
tg_ical_local_property (icalproperty *(*make) (struct icaltimetype), const gchar *date,
			guint minutes)
{
	icalproperty *p = make (tg_ical_local_time (date, minutes));
	icalproperty_add_parameter (p, icalparameter_new_tzid (TG_ICAL_TZID));
	return p;
}

gchar *
tg_ical_event_to_string (const TgIcalEvent *e)
{
	g_autoptr(icalcomponent) ev = icalcomponent_new_vevent ();
	icalproperty_status status = e->status == TG_ICAL_STATUS_CANCELLED ? ICAL_STATUS_CANCELLED
				     : e->status == TG_ICAL_STATUS_TENTATIVE
					     ? ICAL_STATUS_TENTATIVE
					     : ICAL_STATUS_CONFIRMED;
	g_autofree gchar *url = tg_ical_clean_text (e->url);
	char *text;
	gchar *out;

	icalcomponent_add_property (ev, icalproperty_new_uid (e->uid));
	icalcomponent_add_property (ev,
				    icalproperty_new_dtstamp (tg_ical_utc_time (e->modified_us)));
	icalcomponent_add_property (ev, icalproperty_new_lastmodified (
						tg_ical_utc_time (e->modified_us)));
	icalcomponent_add_property (ev, icalproperty_new_sequence ((int) e->sequence));
	icalcomponent_add_property (ev, tg_ical_local_property (icalproperty_new_dtstart, e->date,
								e->start));
	icalcomponent_add_property (ev, tg_ical_local_property (icalproperty_new_dtend, e->date,
								e->end));
	icalcomponent_add_property (ev, icalproperty_new_status (status));
	icalcomponent_add_property (ev, icalproperty_new_transp (ICAL_TRANSP_OPAQUE));
	tg_ical_add_text (ev, icalproperty_new_summary, e->summary);
	tg_ical_add_text (ev, icalproperty_new_description, e->description);
	tg_ical_add_text (ev, icalproperty_new_location, e->location);
	tg_ical_add_text (ev, icalproperty_new_categories, e->category);
	if (url != NULL && url[0] != '\0' && strchr (url, ' ') == NULL)
		icalcomponent_add_property (ev, icalproperty_new_url (url));
	text = icalcomponent_as_ical_string_r (ev);
	out = g_strdup (text);
	icalmemory_free_buffer (text);
	return out;
}

gchar *
tg_ical_calendar_header (const gchar *name)
{
	g_autoptr(icalcomponent) cal = icalcomponent_new_vcalendar ();
	icalcomponent *tz = icalcomponent_new_vtimezone ();
	icalcomponent *std = icalcomponent_new_xstandard ();
	struct icaltimetype start = icaltime_null_time ();
	struct icaldurationtype hour = icaldurationtype_null_duration ();
	icalproperty *p;
	g_autofree gchar *clean = tg_ical_clean_text (name);
	g_autoptr(GString) out = NULL;
	char *text;
	gchar *end;

	icalcomponent_add_property (cal, icalproperty_new_version ("2.0"));
	icalcomponent_add_property (cal, icalproperty_new_prodid (TG_ICAL_PRODID));
	icalcomponent_add_property (cal, icalproperty_new_calscale ("GREGORIAN"));
	icalcomponent_add_property (cal, icalproperty_new_method (ICAL_METHOD_PUBLISH));
	p = icalproperty_new_x (clean != NULL ? clean : "thaogo");
	icalproperty_set_x_name (p, "X-WR-CALNAME");
	icalcomponent_add_property (cal, p);
	p = icalproperty_new_x (TG_ICAL_TZID);
	icalproperty_set_x_name (p, "X-WR-TIMEZONE");
	icalcomponent_add_property (cal, p);
	hour.hours = 1;
	p = icalproperty_new_refreshinterval (hour);
	icalproperty_add_parameter (p, icalparameter_new_value (ICAL_VALUE_DURATION));
	icalcomponent_add_property (cal, p);
	p = icalproperty_new_x ("PT1H");
	icalproperty_set_x_name (p, "X-PUBLISHED-TTL");
	icalcomponent_add_property (cal, p);

	/* Vietnam: UTC+7 all year, no daylight saving since 1975 */
	icalcomponent_add_property (tz, icalproperty_new_tzid (TG_ICAL_TZID));
	start.year = 1975;
	start.month = 6;
	start.day = 13;
	icalcomponent_add_property (std, icalproperty_new_dtstart (start));
	icalcomponent_add_property (std, icalproperty_new_tzoffsetfrom (7 * 3600));
	icalcomponent_add_property (std, icalproperty_new_tzoffsetto (7 * 3600));
	icalcomponent_add_property (std, icalproperty_new_tzname ("+07"));
	icalcomponent_add_component (tz, std);
	icalcomponent_add_component (cal, tz);

	text = icalcomponent_as_ical_string_r (cal);
	/* everything up to END:VCALENDAR; the events go in between */
	end = strstr (text, "END:VCALENDAR");
	out = g_string_new_len (text, end != NULL ? end - text : (gssize) strlen (text));
	icalmemory_free_buffer (text);
	return g_string_free (g_steal_pointer (&out), FALSE);
}

const gchar *
tg_ical_calendar_footer (void)
{
	return "END:VCALENDAR\r\n";
}
