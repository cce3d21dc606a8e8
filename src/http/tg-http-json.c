/* tg-http-json.c: JSON in and out for the domain types */
#define G_LOG_DOMAIN "thaogo-http"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "tg-error.h"
#include "tg-http.h"

static gchar *
tg_json_field_name (const gchar *prefix, const gchar *member)
{
	if (prefix == NULL || prefix[0] == '\0')
		return g_strdup (member);
	return g_strconcat (prefix, ".", member, NULL);
}

gboolean
tg_json_get_string (JsonObject *obj, const gchar *member, const gchar *field, gchar **out,
		    GError **error)
{
	JsonNode *node = json_object_get_member (obj, member);

	*out = NULL;
	if (node == NULL || JSON_NODE_HOLDS_NULL (node))
		return TRUE;
	if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING) {
		tg_error_set_field (error, TG_ERROR_INVALID, field != NULL ? field : member,
				    N_ ("must be a string"));
		return FALSE;
	}
	*out = g_strdup (json_node_get_string (node));
	return TRUE;
}

gboolean
tg_json_get_strv (JsonObject *obj, const gchar *member, const gchar *field, GPtrArray **out,
		  GError **error)
{
	JsonNode *node = json_object_get_member (obj, member);
	g_autoptr(GPtrArray) strv = g_ptr_array_new_with_free_func (g_free);
	JsonArray *array;

	*out = NULL;
	if (node == NULL || JSON_NODE_HOLDS_NULL (node))
		return TRUE;
	if (!JSON_NODE_HOLDS_ARRAY (node)) {
		tg_error_set_field (error, TG_ERROR_INVALID, field,
				    N_ ("must be a list of strings"));
		return FALSE;
	}
	array = json_node_get_array (node);
	for (guint i = 0; i < json_array_get_length (array); i++) {
		JsonNode *el = json_array_get_element (array, i);
		if (!JSON_NODE_HOLDS_VALUE (el) || json_node_get_value_type (el) != G_TYPE_STRING) {
			tg_error_set_field (error, TG_ERROR_INVALID, field,
					    N_ ("must be a list of strings"));
			return FALSE;
		}
		g_ptr_array_add (strv, g_strdup (json_node_get_string (el)));
	}
	*out = g_steal_pointer (&strv);
	return TRUE;
}

/* A strict reader of RFC 8259 that only says whether a body is one JSON object: json-glib 1.6
 * leaks what it has built when it meets an error or a second value ("{}{"a":{}}", a bad
 * escape inside a key), so a body reaches it only once this has accepted it. It also bounds
 * the nesting, and refuses lone UTF-16 surrogates and control characters in strings. */
typedef struct {
	const guint8 *p, *end;
	guint depth;
} TgJsonScan;

#define TG_JSON_MAX_DEPTH 32

static void
tg_json_scan_space (TgJsonScan *s)
{
	while (s->p < s->end && (*s->p == ' ' || *s->p == '\t' || *s->p == '\n' || *s->p == '\r'))
		s->p++;
}

static gint
tg_json_scan_hex4 (TgJsonScan *s)
{
	gint v = 0;
	if (s->end - s->p < 4)
		return -1;
	for (guint i = 0; i < 4; i++) {
		gint d = g_ascii_xdigit_value (*s->p++);
		if (d < 0)
			return -1;
		v = v * 16 + d;
	}
	return v;
}

static gboolean
tg_json_scan_string (TgJsonScan *s)
{
	s->p++; /* the opening quote */
	while (s->p < s->end) {
		guint8 c = *s->p++;
		gint u;
		if (c == '"')
			return TRUE;
		if (c < 0x20)
			return FALSE;
		if (c != '\\')
			continue;
		if (s->p == s->end)
			return FALSE;
		c = *s->p++;
		if (c != '\0' && strchr ("\"\\/bfnrt", c) != NULL)
			continue;
		if (c != 'u' || (u = tg_json_scan_hex4 (s)) < 0 || (u >= 0xdc00 && u < 0xe000))
			return FALSE;
		if (u >= 0xd800 && u < 0xdc00) { /* a high surrogate needs its low one */
			if (s->end - s->p < 2 || s->p[0] != '\\' || s->p[1] != 'u')
				return FALSE;
			s->p += 2;
			u = tg_json_scan_hex4 (s);
			if (u < 0xdc00 || u >= 0xe000)
				return FALSE;
		}
	}
	return FALSE;
}

static gboolean
tg_json_scan_digits (TgJsonScan *s)
{
	const guint8 *start = s->p;
	while (s->p < s->end && g_ascii_isdigit (*s->p))
		s->p++;
	return s->p > start;
}

static gboolean
tg_json_scan_number (TgJsonScan *s)
{
	if (*s->p == '-')
		s->p++;
	if (s->p < s->end && *s->p == '0')
		s->p++;
	else if (!tg_json_scan_digits (s))
		return FALSE;
	if (s->p < s->end && *s->p == '.') {
		s->p++;
		if (!tg_json_scan_digits (s))
			return FALSE;
	}
	if (s->p < s->end && (*s->p == 'e' || *s->p == 'E')) {
		s->p++;
		if (s->p < s->end && (*s->p == '+' || *s->p == '-'))
			s->p++;
		if (!tg_json_scan_digits (s))
			return FALSE;
	}
	return TRUE;
}

static gboolean
tg_json_scan_word (TgJsonScan *s, const gchar *word)
{
	gsize n = strlen (word);
	if ((gsize) (s->end - s->p) < n || memcmp (s->p, word, n) != 0)
		return FALSE;
	s->p += n;
	return TRUE;
}

static gboolean tg_json_scan_value (TgJsonScan *s);

/* an object or an array: members "key": value, or values, up to @close */
static gboolean
tg_json_scan_container (TgJsonScan *s, guint8 close)
{
	if (++s->depth > TG_JSON_MAX_DEPTH)
		return FALSE;
	s->p++;
	tg_json_scan_space (s);
	if (s->p < s->end && *s->p == close) {
		s->p++;
		s->depth--;
		return TRUE;
	}
	for (;;) {
		if (close == '}') {
			if (s->p == s->end || *s->p != '"' || !tg_json_scan_string (s))
				return FALSE;
			tg_json_scan_space (s);
			if (s->p == s->end || *s->p++ != ':')
				return FALSE;
		}
		if (!tg_json_scan_value (s))
			return FALSE;
		tg_json_scan_space (s);
		if (s->p == s->end)
			return FALSE;
		if (*s->p == close)
			break;
		if (*s->p++ != ',')
			return FALSE;
		tg_json_scan_space (s);
	}
	s->p++;
	s->depth--;
	return TRUE;
}

static gboolean
tg_json_scan_value (TgJsonScan *s)
{
	tg_json_scan_space (s);
	if (s->p == s->end)
		return FALSE;
	switch (*s->p) {
	case '{':
		return tg_json_scan_container (s, '}');
	case '[':
		return tg_json_scan_container (s, ']');
	case '"':
		return tg_json_scan_string (s);
	case 't':
		return tg_json_scan_word (s, "true");
	case 'f':
		return tg_json_scan_word (s, "false");
	case 'n':
		return tg_json_scan_word (s, "null");
	default:
		return (*s->p == '-' || g_ascii_isdigit (*s->p)) && tg_json_scan_number (s);
	}
}

/* whether @data is one JSON object, with nothing after it but white space */
static gboolean
tg_json_is_one_object (const guint8 *data, gsize len)
{
	TgJsonScan s = {data, data + len, 0};

	tg_json_scan_space (&s);
	if (s.p == s.end || *s.p != '{' || !tg_json_scan_value (&s))
		return FALSE;
	tg_json_scan_space (&s);
	return s.p == s.end;
}

JsonObject *
tg_http_parse_object (const guint8 *data, gsize len, GError **error)
{
	g_autoptr(JsonParser) parser = json_parser_new_immutable ();
	g_autoptr(GError) error_local = NULL;
	JsonNode *root;

	if (data == NULL || len == 0) {
		tg_error_set_field (error, TG_ERROR_BAD_JSON, NULL,
				    N_ ("the request needs a JSON object as its body"));
		return NULL;
	}
	if (!g_utf8_validate ((const gchar *) data, (gssize) len, NULL) ||
	    memchr (data, '\0', len) != NULL || !tg_json_is_one_object (data, len) ||
	    !json_parser_load_from_data (parser, (const gchar *) data, (gssize) len,
					 &error_local)) {
		tg_error_set_field (error, TG_ERROR_BAD_JSON, NULL,
				    N_ ("the body is not valid JSON"));
		return NULL;
	}
	root = json_parser_get_root (parser);
	if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root)) {
		tg_error_set_field (error, TG_ERROR_BAD_JSON, NULL,
				    N_ ("the request needs a JSON object as its body"));
		return NULL;
	}
	return json_object_ref (json_node_get_object (root));
}

static gboolean
tg_json_get_object (JsonObject *obj, const gchar *member, JsonObject **out, GError **error)
{
	JsonNode *node = json_object_get_member (obj, member);
	*out = NULL;
	if (node == NULL || JSON_NODE_HOLDS_NULL (node))
		return TRUE;
	if (!JSON_NODE_HOLDS_OBJECT (node)) {
		tg_error_set_field (error, TG_ERROR_INVALID, member, N_ ("must be an object"));
		return FALSE;
	}
	*out = json_node_get_object (node);
	return TRUE;
}

gboolean
tg_json_get_time (JsonObject *obj, const gchar *member, const gchar *field, guint *out,
		  GError **error)
{
	g_autofree gchar *s = NULL;
	if (!tg_json_get_string (obj, member, field, &s, error))
		return FALSE;
	if (s == NULL)
		return TRUE;
	if (!tg_time_parse (s, out)) {
		tg_error_set_field (error, TG_ERROR_INVALID, field,
				    N_ ("must be a time written HH:MM"));
		return FALSE;
	}
	return TRUE;
}

static gboolean
tg_json_get_uint (JsonObject *obj, const gchar *member, const gchar *field, guint *out,
		  GError **error)
{
	JsonNode *node = json_object_get_member (obj, member);
	gint64 v;
	if (node == NULL || JSON_NODE_HOLDS_NULL (node))
		return TRUE;
	if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64 ||
	    (v = json_node_get_int (node)) < 0 || v > 100000) {
		tg_error_set_field (error, TG_ERROR_INVALID, field, N_ ("must be a whole number"));
		return FALSE;
	}
	*out = (guint) v;
	return TRUE;
}

/* a string member that replaces @target when present; an explicit null clears it */
static gboolean
tg_json_update_string (JsonObject *obj, const gchar *member, const gchar *field, gchar **target,
		       GError **error)
{
	g_autofree gchar *v = NULL;
	if (!json_object_has_member (obj, member))
		return TRUE;
	if (!tg_json_get_string (obj, member, field, &v, error))
		return FALSE;
	g_free (*target);
	*target = g_steal_pointer (&v);
	return TRUE;
}

GPtrArray *
tg_json_get_participants (JsonNode *node, const gchar *field, GError **error)
{
	g_autoptr(GPtrArray) list = tg_participants_new ();
	JsonArray *array;

	if (!JSON_NODE_HOLDS_ARRAY (node)) {
		tg_error_set_field (error, TG_ERROR_INVALID, field,
				    N_ ("must be a list of participants"));
		return NULL;
	}
	array = json_node_get_array (node);
	for (guint i = 0; i < json_array_get_length (array); i++) {
		JsonNode *el = json_array_get_element (array, i);
		g_autofree gchar *f = g_strdup_printf ("%s[%u]", field, i);
		g_autofree gchar *name = NULL, *email = NULL, *role = NULL;
		JsonObject *o;

		if (!JSON_NODE_HOLDS_OBJECT (el)) {
			tg_error_set_field (error, TG_ERROR_INVALID, f, N_ ("must be an object"));
			return NULL;
		}
		o = json_node_get_object (el);
		if (!tg_json_get_string (o, "name", f, &name, error) ||
		    !tg_json_get_string (o, "email", f, &email, error) ||
		    !tg_json_get_string (o, "role", f, &role, error))
			return NULL;
		g_ptr_array_add (list, tg_participant_new (name, email, role));
	}
	return g_steal_pointer (&list);
}

/* the member @member of @obj as a chair {"name", "title"}: *@present when it is there; null
 * or an empty name gives *@name "" (nobody named) */
gboolean
tg_json_get_chair (JsonObject *obj, const gchar *member, const gchar *field, gboolean *present,
		   gchar **name, gchar **title, GError **error)
{
	JsonNode *node = json_object_get_member (obj, member);
	g_autofree gchar *name_field = g_strconcat (field, ".name", NULL);
	g_autofree gchar *title_field = g_strconcat (field, ".title", NULL);
	JsonObject *o;

	*present = node != NULL;
	*name = *title = NULL;
	if (node == NULL)
		return TRUE;
	if (JSON_NODE_HOLDS_NULL (node)) {
		*name = g_strdup ("");
		return TRUE;
	}
	if (!JSON_NODE_HOLDS_OBJECT (node)) {
		tg_error_set_field (error, TG_ERROR_INVALID, field,
				    N_ ("must be an object with a name and a title"));
		return FALSE;
	}
	o = json_node_get_object (node);
	if (!tg_json_get_string (o, "name", name_field, name, error) ||
	    !tg_json_get_string (o, "title", title_field, title, error))
		return FALSE;
	if (*name == NULL)
		*name = g_strdup ("");
	if (**name == '\0' && *title != NULL && **title != '\0') {
		tg_error_set_field (error, TG_ERROR_INVALID, name_field,
				    N_ ("a title needs the name of who chairs"));
		return FALSE;
	}
	return TRUE;
}

gboolean
tg_http_series_update (TgSeries *s, JsonObject *obj, GError **error)
{
	JsonObject *meeting = NULL, *reception = NULL, *booking = NULL;
	g_autofree gchar *mode = NULL, *policy = NULL;

	if (!tg_json_get_object (obj, "meeting", &meeting, error) ||
	    !tg_json_get_object (obj, "reception", &reception, error) ||
	    !tg_json_get_object (obj, "booking", &booking, error) ||
	    !tg_json_get_string (obj, "holiday_policy", NULL, &policy, error))
		return FALSE;
	if (meeting != NULL) {
		if (!tg_json_get_time (meeting, "start", "meeting.start", &s->meeting_start,
				       error) ||
		    !tg_json_get_time (meeting, "end", "meeting.end", &s->meeting_end, error) ||
		    !tg_json_get_string (meeting, "mode", "meeting.mode", &mode, error) ||
		    !tg_json_update_string (meeting, "venue", "meeting.venue", &s->venue, error) ||
		    !tg_json_update_string (meeting, "online_url", "meeting.online_url",
					    &s->online_url, error))
			return FALSE;
		if (mode != NULL) {
			s->mode = tg_meeting_mode_from_string (mode);
			if (s->mode == TG_MEETING_MODE_UNKNOWN) {
				tg_error_set_field (error, TG_ERROR_INVALID, "meeting.mode",
						    N_ ("must be in_person, online or hybrid"));
				return FALSE;
			}
		}
		if (json_object_has_member (meeting, "chair")) {
			gboolean present = FALSE;
			g_autofree gchar *name = NULL, *title = NULL;

			if (!tg_json_get_chair (meeting, "chair", "meeting.chair", &present, &name,
						&title, error))
				return FALSE;
			g_free (s->chair);
			g_free (s->chair_title);
			s->chair = *name != '\0' ? g_steal_pointer (&name) : NULL;
			s->chair_title = s->chair != NULL && title != NULL && *title != '\0'
						 ? g_steal_pointer (&title)
						 : NULL;
		}
		if (json_object_has_member (meeting, "participants")) {
			GPtrArray *p =
				tg_json_get_participants (json_object_get_member (meeting,
										  "participants"),
							  "meeting.participants", error);
			if (p == NULL)
				return FALSE;
			g_ptr_array_unref (s->participants);
			s->participants = p;
		}
	}
	if (reception != NULL) {
		if (!tg_json_get_time (reception, "start", "reception.start", &s->reception_start,
				       error) ||
		    !tg_json_get_time (reception, "end", "reception.end", &s->reception_end,
				       error) ||
		    !tg_json_update_string (reception, "venue", "reception.venue",
					    &s->reception_venue, error) ||
		    !tg_json_get_uint (reception, "slot_minutes", "reception.slot_minutes",
				       &s->slot_minutes, error) ||
		    !tg_json_get_uint (reception, "desks", "reception.desks", &s->desks, error))
			return FALSE;
	}
	if (booking != NULL) {
		if (!tg_json_get_uint (booking, "opens_days_before", "booking.opens_days_before",
				       &s->opens_days_before, error) ||
		    !tg_json_get_uint (booking, "closes_hours_before",
				       "booking.closes_hours_before", &s->closes_hours_before,
				       error))
			return FALSE;
	}
	if (policy != NULL) {
		s->holiday_policy = tg_holiday_policy_from_string (policy);
		if (s->holiday_policy == TG_HOLIDAY_POLICY_UNKNOWN) {
			tg_error_set_field (error, TG_ERROR_INVALID, "holiday_policy",
					    N_ ("must be next_working_day, skip or manual"));
			return FALSE;
		}
	}
	return TRUE;
}

static gboolean
tg_json_get_bool (JsonObject *obj, const gchar *member, gboolean *out, GError **error)
{
	JsonNode *node = json_object_get_member (obj, member);
	*out = FALSE;
	if (node == NULL || JSON_NODE_HOLDS_NULL (node))
		return TRUE;
	if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN) {
		tg_error_set_field (error, TG_ERROR_INVALID, member, N_ ("must be true or false"));
		return FALSE;
	}
	*out = json_node_get_boolean (node);
	return TRUE;
}

/* the member @name of @obj as an object (absent: an empty one is not allowed) */
static JsonObject *
tg_json_require_object (JsonObject *obj, const gchar *name, GError **error)
{
	JsonNode *node = json_object_get_member (obj, name);
	if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node)) {
		tg_error_set_field (error, TG_ERROR_INVALID, name, N_ ("must be an object"));
		return NULL;
	}
	return json_node_get_object (node);
}

gboolean
tg_json_get_slot (JsonObject *obj, const gchar *member, gint *out, GError **error)
{
	g_autofree gchar *s = NULL;
	guint m = 0;
	*out = -1;
	if (!tg_json_get_string (obj, member, member, &s, error))
		return FALSE;
	if (s == NULL)
		return TRUE;
	if (!tg_time_parse (s, &m)) {
		tg_error_set_field (error, TG_ERROR_INVALID, member,
				    N_ ("must be a time written HH:MM"));
		return FALSE;
	}
	*out = (gint) m;
	return TRUE;
}

TgBooking *
tg_http_booking_request_from_json (JsonObject *obj, gboolean *consent, gboolean *waitlist,
				   gint *slot, GError **error)
{
	g_autoptr(TgBooking) request = tg_booking_new ();
	g_autofree gchar *kind = NULL;
	JsonObject *requester, *topic;

	requester = tg_json_require_object (obj, "requester", error);
	if (requester == NULL)
		return NULL;
	topic = tg_json_require_object (obj, "topic", error);
	if (topic == NULL)
		return NULL;
	if (!tg_json_get_string (requester, "kind", "requester.kind", &kind, error) ||
	    !tg_json_get_string (requester, "name", "requester.name", &request->requester.name,
				 error) ||
	    !tg_json_get_string (requester, "phone", "requester.phone", &request->requester.phone,
				 error) ||
	    !tg_json_get_string (requester, "email", "requester.email", &request->requester.email,
				 error) ||
	    !tg_json_get_string (requester, "organization", "requester.organization",
				 &request->requester.organization, error) ||
	    !tg_json_get_string (requester, "tax_code", "requester.tax_code",
				 &request->requester.tax_code, error) ||
	    !tg_json_get_string (topic, "category", "topic.category", &request->category, error) ||
	    !tg_json_get_string (topic, "dossier_code", "topic.dossier_code",
				 &request->dossier_code, error) ||
	    !tg_json_get_string (topic, "summary", "topic.summary", &request->summary, error) ||
	    !tg_json_get_string (obj, "language", NULL, &request->language, error) ||
	    !tg_json_get_bool (obj, "consent", consent, error) ||
	    !tg_json_get_bool (obj, "waitlist", waitlist, error) ||
	    !tg_json_get_slot (obj, "slot", slot, error))
		return NULL;
	request->requester.kind = g_strcmp0 (kind, "enterprise") == 0 ? TG_REQUESTER_ENTERPRISE
				  : g_strcmp0 (kind, "citizen") == 0 || kind == NULL
					  ? TG_REQUESTER_CITIZEN
					  : 0;
	if (request->language == NULL)
		request->language = g_strdup ("vi");
	return g_steal_pointer (&request);
}

JsonNode *
tg_json_wrap (const gchar *member, JsonNode *value)
{
	JsonObject *obj = json_object_new ();
	JsonNode *node = json_node_new (JSON_NODE_OBJECT);
	json_object_set_member (obj, member, value);
	json_node_take_object (node, obj);
	return node;
}

void
tg_json_add_nullable (JsonBuilder *b, const gchar *member, const gchar *value)
{
	json_builder_set_member_name (b, member);
	if (value != NULL)
		json_builder_add_string_value (b, value);
	else
		json_builder_add_null_value (b);
}

gchar *
tg_http_local_datetime (const gchar *date, guint minutes)
{
	return g_strdup_printf ("%sT%02u:%02u:00+07:00", date, minutes / 60, minutes % 60);
}

void
tg_json_add_local_datetime (JsonBuilder *b, const gchar *member, const gchar *date, guint minutes)
{
	g_autofree gchar *t = tg_http_local_datetime (date, minutes);
	tg_json_add_nullable (b, member, t);
}

JsonNode *
tg_http_unit_to_json (const TgUnit *unit)
{
	g_autoptr(JsonBuilder) b = json_builder_new ();

	json_builder_begin_object (b);
	tg_json_add_nullable (b, "code", unit->code);
	tg_json_add_nullable (b, "name", unit->name);
	tg_json_add_nullable (b, "type", unit->type);
	tg_json_add_nullable (b, "level", tg_unit_level_to_string (unit->level));
	tg_json_add_nullable (b, "parent", unit->parent);
	tg_json_add_nullable (b, "valid_from", unit->valid_from);
	tg_json_add_nullable (b, "valid_to", unit->valid_to);
	json_builder_set_member_name (b, "predecessors");
	json_builder_begin_array (b);
	for (guint i = 0; i < unit->predecessors->len; i++)
		json_builder_add_string_value (b, g_ptr_array_index (unit->predecessors, i));
	json_builder_end_array (b);
	json_builder_end_object (b);
	return json_builder_get_root (b);
}

TgUnit *
tg_http_unit_from_json (JsonObject *obj, const gchar *code, const gchar *prefix, GError **error)
{
	g_autoptr(TgUnit) unit = tg_unit_new ();
	g_autofree gchar *level = NULL;
	g_autofree gchar *f_code = tg_json_field_name (prefix, "code");
	g_autofree gchar *f_name = tg_json_field_name (prefix, "name");
	g_autofree gchar *f_type = tg_json_field_name (prefix, "type");
	g_autofree gchar *f_level = tg_json_field_name (prefix, "level");
	g_autofree gchar *f_parent = tg_json_field_name (prefix, "parent");
	g_autofree gchar *f_from = tg_json_field_name (prefix, "valid_from");
	g_autofree gchar *f_to = tg_json_field_name (prefix, "valid_to");
	g_autofree gchar *f_pred = tg_json_field_name (prefix, "predecessors");
	g_autoptr(GPtrArray) preds = NULL;
	g_autoptr(GError) error_local = NULL;

	if (!tg_json_get_string (obj, "code", f_code, &unit->code, error) ||
	    !tg_json_get_string (obj, "name", f_name, &unit->name, error) ||
	    !tg_json_get_string (obj, "type", f_type, &unit->type, error) ||
	    !tg_json_get_string (obj, "level", f_level, &level, error) ||
	    !tg_json_get_string (obj, "parent", f_parent, &unit->parent, error) ||
	    !tg_json_get_string (obj, "valid_from", f_from, &unit->valid_from, error) ||
	    !tg_json_get_string (obj, "valid_to", f_to, &unit->valid_to, error) ||
	    !tg_json_get_strv (obj, "predecessors", f_pred, &preds, error))
		return NULL;
	if (code != NULL) {
		if (unit->code != NULL && g_strcmp0 (unit->code, code) != 0) {
			tg_error_set_field (error, TG_ERROR_INVALID, f_code,
					    N_ ("differs from the code in the address"));
			return NULL;
		}
		g_free (unit->code);
		unit->code = g_strdup (code);
	}
	unit->level = tg_unit_level_from_string (level);
	if (preds != NULL) {
		g_ptr_array_unref (unit->predecessors);
		unit->predecessors = g_steal_pointer (&preds);
	}
	if (!tg_unit_validate (unit, &error_local)) {
		/* the same error with the field under @prefix */
		g_autofree gchar *field =
			tg_json_field_name (prefix, tg_error_get_field (error_local));
		tg_error_set_field (error, TG_ERROR_INVALID, field,
				    tg_error_get_msgid (error_local));
		return NULL;
	}
	return g_steal_pointer (&unit);
}

JsonNode *
tg_http_token_to_json (const TgToken *token)
{
	g_autoptr(JsonBuilder) b = json_builder_new ();
	g_autofree gchar *created = NULL;
	g_autofree gchar *revoked = NULL;

	json_builder_begin_object (b);
	tg_json_add_nullable (b, "id", token->id);
	tg_json_add_nullable (b, "role", tg_role_to_string (token->role));
	tg_json_add_nullable (b, "unit", token->unit);
	tg_json_add_nullable (b, "name", token->name);
	tg_json_add_nullable (b, "email", token->email);
	created = tg_clock_format_rfc3339 (token->created_at);
	tg_json_add_nullable (b, "created_at", created);
	if (token->revoked_at != 0)
		revoked = tg_clock_format_rfc3339 (token->revoked_at);
	tg_json_add_nullable (b, "revoked_at", revoked);
	json_builder_end_object (b);
	return json_builder_get_root (b);
}
