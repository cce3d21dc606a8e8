/* tg-http-conclusions.c: a meeting's conclusions, and a unit's open ones to follow up */
#define G_LOG_DOMAIN "thaogo-http"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "tg-error.h"
#include "tg-http-handlers.h"

static JsonNode *
tg_http_conclusion_to_json (const TgConclusion *c, const gchar *today)
{
	g_autoptr(JsonBuilder) b = json_builder_new ();

	json_builder_begin_object (b);
	tg_json_add_nullable (b, "id", c->id);
	tg_json_add_nullable (b, "occurrence", c->occurrence);
	tg_json_add_nullable (b, "unit", c->unit);
	tg_json_add_nullable (b, "meeting_date", c->meeting_date);
	json_builder_set_member_name (b, "number");
	json_builder_add_int_value (b, c->number);
	tg_json_add_nullable (b, "text", c->text);
	tg_json_add_nullable (b, "assignee", c->assignee);
	tg_json_add_nullable (b, "deadline", c->deadline);
	tg_json_add_nullable (b, "status", tg_conclusion_status (c, today));
	json_builder_end_object (b);
	return json_builder_get_root (b);
}

/* answers {"MEMBER": [conclusions]} */
static void
tg_http_answer_conclusions (TgHttpRequest *req, TgHttpResponse *resp, const gchar *member,
			    GPtrArray *list)
{
	g_autofree gchar *today = tg_engine_get_today (tg_http_request_get_engine (req));
	JsonArray *array = json_array_sized_new (list->len);
	JsonNode *node = json_node_new (JSON_NODE_ARRAY);

	for (guint i = 0; i < list->len; i++)
		json_array_add_element (array,
					tg_http_conclusion_to_json (g_ptr_array_index (list, i),
								    today));
	json_node_take_array (node, array);
	tg_http_response_set_json (resp, 200, tg_json_wrap (member, node));
}

gboolean
tg_http_list_conclusions (TgHttpRequest *req, TgHttpResponse *resp, GError **error)
{
	const TgToken *caller = tg_http_request_require_caller (req, error);
	g_autoptr(GPtrArray) list = NULL;

	if (caller == NULL)
		return FALSE;
	list = tg_engine_list_conclusions (tg_http_request_get_engine (req), caller,
					   tg_http_request_get_param (req, 0), error);
	if (list == NULL)
		return FALSE;
	tg_http_answer_conclusions (req, resp, "conclusions", list);
	return TRUE;
}

/* the members of a conclusion in @obj: text, assignee, deadline, status */
static gboolean
tg_http_read_conclusion (JsonObject *obj, gchar **text, gchar **assignee, gchar **deadline,
			 gchar **status, TgConclusionChange *change, GError **error)
{
	if (!tg_json_get_string (obj, "text", NULL, text, error) ||
	    !tg_json_get_string (obj, "assignee", NULL, assignee, error) ||
	    !tg_json_get_string (obj, "deadline", NULL, deadline, error) ||
	    !tg_json_get_string (obj, "status", NULL, status, error))
		return FALSE;
	change->text = *text;
	change->assignee = *assignee;
	change->deadline = *deadline;
	change->status = *status;
	return TRUE;
}

static gboolean
tg_http_write_conclusion (TgHttpRequest *req, TgHttpResponse *resp, gboolean creating,
			  GError **error)
{
	TgEngine *engine = tg_http_request_get_engine (req);
	const TgToken *caller = tg_http_request_require_caller (req, error);
	g_autoptr(JsonObject) obj = NULL;
	g_autofree gchar *text = NULL, *assignee = NULL, *deadline = NULL, *status = NULL;
	g_autofree gchar *today = NULL;
	g_autoptr(TgConclusion) c = NULL;
	TgConclusionChange change = {0};

	if (caller == NULL)
		return FALSE;
	obj = tg_http_request_parse_object (req, error);
	if (obj == NULL ||
	    !tg_http_read_conclusion (obj, &text, &assignee, &deadline, &status, &change, error))
		return FALSE;
	c = creating ? tg_engine_add_conclusion (engine, caller, tg_http_request_get_param (req, 0),
						 &change, error)
		     : tg_engine_update_conclusion (engine, caller,
						    tg_http_request_get_param (req, 0), &change,
						    error);
	if (c == NULL)
		return FALSE;
	today = tg_engine_get_today (engine);
	tg_http_response_set_json (resp, creating ? 201 : 200,
				   tg_json_wrap ("conclusion",
						 tg_http_conclusion_to_json (c, today)));
	return TRUE;
}

gboolean
tg_http_add_conclusion (TgHttpRequest *req, TgHttpResponse *resp, GError **error)
{
	return tg_http_write_conclusion (req, resp, TRUE, error);
}

gboolean
tg_http_update_conclusion (TgHttpRequest *req, TgHttpResponse *resp, GError **error)
{
	return tg_http_write_conclusion (req, resp, FALSE, error);
}

gboolean
tg_http_list_followup (TgHttpRequest *req, TgHttpResponse *resp, GError **error)
{
	TgEngine *engine = tg_http_request_get_engine (req);
	const TgToken *caller = tg_http_request_require_caller (req, error);
	const gchar *code = NULL, *before = NULL;
	g_autofree gchar *today = NULL;
	g_autoptr(GPtrArray) list = NULL;

	if (caller == NULL || !tg_http_path_code (req, 0, &code, error) ||
	    !tg_http_query_date (req, "before", &before, error))
		return FALSE;
	if (before == NULL)
		before = today = tg_engine_get_today (engine);
	list = tg_engine_list_followup (engine, caller, code, before, error);
	if (list == NULL)
		return FALSE;
	tg_http_answer_conclusions (req, resp, "conclusions", list);
	return TRUE;
}
