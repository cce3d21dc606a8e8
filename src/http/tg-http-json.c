/* tg-http-json.c: JSON in and out for the domain types */
#define G_LOG_DOMAIN "thaogo-http"

#include "config.h"

#include <glib/gi18n-lib.h>

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
