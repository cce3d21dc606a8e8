/* tg-booking.c: appointments and the rules on their fields */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "tg-booking.h"
#include "tg-date.h"
#include "tg-email.h"
#include "tg-error.h"
#include "tg-random.h"
#include "tg-text.h"

const gchar *const tg_booking_categories[] = {
	"late_dossier", "procedure", "feedback", "complaint", "other", NULL,
};
const gchar *const tg_booking_outcomes[] = {
	"resolved", "guided", "transferred", "rejected", "pending", NULL,
};
const gchar *const tg_booking_causes[] = {
	"missing_documents", "coordination", "it_system", "workload",
	"legal_land",        "citizen_side", "other",     NULL,
};

static const gchar *tg_booking_statuses[] = {
	NULL,      "pending",  "confirmed", "waitlisted", "cancelled", "cancelled_by_unit",
	"expired", "attended", "no_show",
};

#define TG_BOOKING_ID_TIME_DIGITS 12

gchar *
tg_booking_make_id (gint64 now_us)
{
	g_autofree gchar *random = tg_random_hex (16);
	guint64 ms = (guint64) MAX (now_us, 0) / 1000;

	return g_strdup_printf ("%0" G_STRINGIFY (TG_BOOKING_ID_TIME_DIGITS) G_GINT64_MODIFIER
						  "x%s",
						  ms & G_GUINT64_CONSTANT (0xffffffffffff), random);
}

gboolean
tg_booking_id_is_valid (const gchar *id)
{
	gsize len;

	if (id == NULL)
		return FALSE;
	len = strspn (id, "0123456789abcdef");
	return id[len] == '\0' && (len == 32 || len == 32 + TG_BOOKING_ID_TIME_DIGITS);
}

void
tg_report_row_free (TgReportRow *row)
{
	if (row == NULL)
		return;
	g_free (row->dimension);
	g_free (row->key);
	g_free (row);
}

TgBooking *
tg_booking_new (void)
{
	TgBooking *b = g_new0 (TgBooking, 1);
	b->slot = -1;
	b->seat = -1;
	return b;
}

static void
tg_requester_copy_into (const TgRequester *src, TgRequester *dest)
{
	dest->kind = src->kind;
	dest->name = g_strdup (src->name);
	dest->phone = g_strdup (src->phone);
	dest->email = g_strdup (src->email);
	dest->organization = g_strdup (src->organization);
	dest->tax_code = g_strdup (src->tax_code);
}

static void
tg_requester_clear (TgRequester *r)
{
	g_clear_pointer (&r->name, g_free);
	g_clear_pointer (&r->phone, g_free);
	g_clear_pointer (&r->email, g_free);
	g_clear_pointer (&r->organization, g_free);
	g_clear_pointer (&r->tax_code, g_free);
}

TgBooking *
tg_booking_copy (const TgBooking *b)
{
	TgBooking *c = g_memdup2 (b, sizeof (TgBooking));
	c->id = g_strdup (b->id);
	c->token_hash = g_strdup (b->token_hash);
	c->occurrence = g_strdup (b->occurrence);
	c->unit = g_strdup (b->unit);
	c->original_date = g_strdup (b->original_date);
	tg_requester_copy_into (&b->requester, &c->requester);
	c->category = g_strdup (b->category);
	c->dossier_code = g_strdup (b->dossier_code);
	c->summary = g_strdup (b->summary);
	c->language = g_strdup (b->language);
	c->assignee = g_strdup (b->assignee);
	c->outcome = g_strdup (b->outcome);
	c->cause = g_strdup (b->cause);
	c->note = g_strdup (b->note);
	c->cancel_reason = g_strdup (b->cancel_reason);
	c->waitlist_position = b->waitlist_position;
	return c;
}

void
tg_booking_free (TgBooking *b)
{
	if (b == NULL)
		return;
	g_free (b->id);
	g_free (b->token_hash);
	g_free (b->occurrence);
	g_free (b->unit);
	g_free (b->original_date);
	tg_requester_clear (&b->requester);
	g_free (b->category);
	g_free (b->dossier_code);
	g_free (b->summary);
	g_free (b->language);
	g_free (b->assignee);
	g_free (b->outcome);
	g_free (b->cause);
	g_free (b->note);
	g_free (b->cancel_reason);
	g_free (b);
}

const gchar *
tg_booking_status_to_string (TgBookingStatus status)
{
	if ((guint) status >= G_N_ELEMENTS (tg_booking_statuses))
		return NULL;
	return tg_booking_statuses[status];
}

TgBookingStatus
tg_booking_status_from_string (const gchar *str)
{
	for (guint i = 1; str != NULL && i < G_N_ELEMENTS (tg_booking_statuses); i++) {
		if (g_strcmp0 (str, tg_booking_statuses[i]) == 0)
			return (TgBookingStatus) i;
	}
	return 0;
}

gboolean
tg_booking_status_is_active (TgBookingStatus status)
{
	return status == TG_BOOKING_PENDING || status == TG_BOOKING_CONFIRMED ||
	       status == TG_BOOKING_WAITLISTED;
}

const gchar *
tg_requester_kind_to_string (TgRequesterKind kind)
{
	return kind == TG_REQUESTER_ENTERPRISE ? "enterprise"
	       : kind == TG_REQUESTER_CITIZEN  ? "citizen"
					       : NULL;
}

gboolean
tg_booking_vocabulary_has (const gchar *const *vocabulary, const gchar *key)
{
	for (guint i = 0; key != NULL && vocabulary[i] != NULL; i++) {
		if (g_strcmp0 (vocabulary[i], key) == 0)
			return TRUE;
	}
	return FALSE;
}

const gchar *
tg_booking_category_label (const gchar *category)
{
	static const gchar *labels[][2] = {
		{"late_dossier", "hồ sơ trễ hạn"},
		{"procedure", "hỏi thủ tục"},
		{"feedback", "phản ánh cán bộ"},
		{"complaint", "khiếu nại"},
		{"other", "khác"},
	};
	for (guint i = 0; i < G_N_ELEMENTS (labels); i++) {
		if (g_strcmp0 (labels[i][0], category) == 0)
			return labels[i][1];
	}
	return category;
}

gchar *
tg_phone_normalize (const gchar *phone)
{
	g_autoptr(GString) digits = g_string_new (NULL);
	const gchar *p = phone;
	gsize n;

	if (phone == NULL || strlen (phone) > 32)
		return NULL;
	if (*p == '+')
		p++;
	for (; *p != '\0'; p++) {
		if (g_ascii_isdigit (*p))
			g_string_append_c (digits, *p);
		else if (*p != ' ' && *p != '.' && *p != '-')
			return NULL;
	}
	/* +84 / 84 country code instead of the leading 0 */
	if (g_str_has_prefix (digits->str, "84") && (digits->len == 11 || digits->len == 12)) {
		g_string_erase (digits, 0, 2);
		g_string_prepend_c (digits, '0');
	} else if (phone[0] == '+') {
		return NULL;
	}
	n = digits->len;
	if (digits->str[0] != '0')
		return NULL;
	/* mobiles: 10 digits, 03/05/07/08/09; landlines: 11 digits, 02x */
	if (n == 10 && strchr ("35789", digits->str[1]) != NULL)
		return g_string_free (g_steal_pointer (&digits), FALSE);
	if (n == 11 && digits->str[1] == '2')
		return g_string_free (g_steal_pointer (&digits), FALSE);
	return NULL;
}

static gboolean
tg_all_digits (const gchar *s, gsize n)
{
	for (gsize i = 0; i < n; i++) {
		if (!g_ascii_isdigit (s[i]))
			return FALSE;
	}
	return TRUE;
}

gboolean
tg_tax_code_is_valid (const gchar *code)
{
	gsize n;
	if (code == NULL)
		return FALSE;
	n = strlen (code);
	if (n == 10 || n == 13)
		return tg_all_digits (code, n);
	if (n == 14 && code[10] == '-')
		return tg_all_digits (code, 10) && tg_all_digits (code + 11, 3);
	return FALSE;
}

gboolean
tg_dossier_code_is_valid (const gchar *code)
{
	/* 000.00.12.H01-231122-0001 */
	static const gchar shape[] = "ddd.dd.dd.Add-dddddd-dddd";
	g_autofree gchar *date = NULL;

	if (code == NULL || strlen (code) != sizeof (shape) - 1)
		return FALSE;
	for (gsize i = 0; shape[i] != '\0'; i++) {
		if (shape[i] == 'd' && !g_ascii_isdigit (code[i]))
			return FALSE;
		if (shape[i] == 'A' && !g_ascii_isupper (code[i]))
			return FALSE;
		if (shape[i] != 'd' && shape[i] != 'A' && shape[i] != code[i])
			return FALSE;
	}
	date = g_strdup_printf ("20%.2s-%.2s-%.2s", code + 14, code + 16, code + 18);
	return tg_date_is_valid_iso (date);
}

/* replaces *@str by its NFC form; FALSE when it is not valid UTF-8 */
static gboolean
tg_normalize_nfc (gchar **str)
{
	gchar *nfc;
	if (*str == NULL)
		return TRUE;
	if (!g_utf8_validate (*str, -1, NULL))
		return FALSE;
	nfc = g_utf8_normalize (*str, -1, G_NORMALIZE_NFC);
	if (nfc == NULL)
		return FALSE;
	g_free (*str);
	*str = nfc;
	return TRUE;
}

gboolean
tg_booking_validate_request (TgBooking *b, gboolean need_email, GError **error)
{
	TgRequester *r = &b->requester;
	gchar *phone;

	if (r->kind != TG_REQUESTER_CITIZEN && r->kind != TG_REQUESTER_ENTERPRISE) {
		tg_error_set_field (error, TG_ERROR_INVALID, "requester.kind",
				    N_ ("must be citizen or enterprise"));
		return FALSE;
	}
	if (!tg_normalize_nfc (&r->name) || !tg_text_is_clean_line (r->name, 1, 100)) {
		tg_error_set_field (error, TG_ERROR_INVALID, "requester.name",
				    N_ ("must be 1 to 100 characters of text on one line"));
		return FALSE;
	}
	phone = tg_phone_normalize (r->phone);
	if (phone == NULL) {
		tg_error_set_field (
			error, TG_ERROR_INVALID, "requester.phone",
			N_ ("must be a Vietnamese phone number: 0xxxxxxxxx or +84xxxxxxxxx"));
		return FALSE;
	}
	g_free (r->phone);
	r->phone = phone;
	if (r->email != NULL) {
		gchar *lower = g_ascii_strdown (r->email, -1);
		g_free (r->email);
		r->email = lower;
	}
	if ((r->email != NULL || need_email) && !tg_email_is_valid (r->email)) {
		tg_error_set_field (error, TG_ERROR_INVALID, "requester.email",
				    N_ ("is not a valid email address"));
		return FALSE;
	}
	if (r->kind == TG_REQUESTER_ENTERPRISE) {
		if (!tg_normalize_nfc (&r->organization) ||
		    !tg_text_is_clean_line (r->organization, 1, 200)) {
			tg_error_set_field (
				error, TG_ERROR_INVALID, "requester.organization",
				N_ ("an enterprise needs its name, 1 to 200 characters"));
			return FALSE;
		}
		if (!tg_tax_code_is_valid (r->tax_code)) {
			tg_error_set_field (error, TG_ERROR_INVALID, "requester.tax_code",
					    N_ ("must be a tax code of 10 or 13 digits"));
			return FALSE;
		}
	} else if (r->organization != NULL || r->tax_code != NULL) {
		tg_error_set_field (error, TG_ERROR_INVALID,
				    r->organization != NULL ? "requester.organization"
							    : "requester.tax_code",
				    N_ ("only an enterprise has an organization and a tax code"));
		return FALSE;
	}
	if (!tg_booking_vocabulary_has (tg_booking_categories, b->category)) {
		tg_error_set_field (
			error, TG_ERROR_INVALID, "topic.category",
			N_ ("must be late_dossier, procedure, feedback, complaint or other"));
		return FALSE;
	}
	if (b->dossier_code != NULL && !tg_dossier_code_is_valid (b->dossier_code)) {
		tg_error_set_field (error, TG_ERROR_INVALID, "topic.dossier_code",
				    N_ ("must be a dossier code like 000.00.12.H01-231122-0001"));
		return FALSE;
	}
	if (!tg_normalize_nfc (&b->summary) ||
	    (b->summary != NULL && !tg_text_is_clean_block (b->summary, 0, 2000))) {
		tg_error_set_field (error, TG_ERROR_INVALID, "topic.summary",
				    N_ ("must be at most 2000 characters of text"));
		return FALSE;
	}
	if (g_strcmp0 (b->language, "vi") != 0 && g_strcmp0 (b->language, "en") != 0) {
		tg_error_set_field (error, TG_ERROR_INVALID, "language", N_ ("must be vi or en"));
		return FALSE;
	}
	if (b->consent_at == 0) {
		tg_error_set_field (error, TG_ERROR_INVALID, "consent",
				    N_ ("consent to the processing of personal data is required"));
		return FALSE;
	}
	return TRUE;
}
