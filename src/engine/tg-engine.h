/* tg-engine.h: what thaogo does, independent of the protocol that asks for it
 *
 * The HTTP layer parses and validates a request, then calls the engine. The engine checks
 * the caller's rights, applies the rules and talks to the store. Every error it returns is
 * a TG_ERROR. Every function is thread-safe.
 */
#pragma once

#include <glib.h>

#include "tg-clock.h"
#include "tg-store.h"
#include "tg-token.h"
#include "tg-unit.h"

G_BEGIN_DECLS

typedef struct _TgEngine TgEngine;

/* @store and @clock: (transfer none), must outlive the engine */
TgEngine *tg_engine_new (TgStore *store, TgClock *clock);
void tg_engine_free (TgEngine *engine);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TgEngine, tg_engine_free)

TgStore *tg_engine_get_store (TgEngine *engine);
TgClock *tg_engine_get_clock (TgEngine *engine);
/* (transfer full): today in Asia/Ho_Chi_Minh, YYYY-MM-DD */
gchar *tg_engine_get_today (TgEngine *engine);

/* Turns a store error into a TG_ERROR (not found, conflict, unavailable, internal) */
void tg_engine_propagate_store_error (GError **error, GError *store_error);

/* Access: the token behind a bearer secret (TG_ERROR_UNAUTHORIZED when unknown or revoked) */
TgToken *tg_engine_authenticate (TgEngine *engine, const gchar *secret,
				 GError **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean tg_engine_require_admin (const TgToken *caller, GError **error);
/* Admin, or a secretary of @unit or of one of its ancestors */
gboolean tg_engine_require_secretary_of (TgEngine *engine, const TgToken *caller,
					 const gchar *unit, GError **error);

/* Units */
/* @date (nullable): the day the units are in force, today when NULL; @all_versions: every
 * version whatever its validity. Returns (transfer full) (element-type TgUnit) */
GPtrArray *tg_engine_list_units (TgEngine *engine, const gchar *parent, TgUnitLevel level,
				 const gchar *date, gboolean all_versions,
				 GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* The version in force on @date (today when NULL), else the latest version */
TgUnit *tg_engine_get_unit (TgEngine *engine, const gchar *code, const gchar *date,
			    GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* Creates or updates one unit version (admin); *created tells which */
gboolean tg_engine_put_unit (TgEngine *engine, const TgToken *caller, const TgUnit *unit,
			     gboolean *created, GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* Imports units in one transaction (admin): all or nothing */
gboolean tg_engine_import_units (TgEngine *engine, const TgToken *caller, GPtrArray *units,
				 GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* Loads a units TSV into an empty database (for --demo); a database with units is left alone.
 * *loaded (nullable) receives the number of units loaded */
gboolean tg_engine_load_units_file (TgEngine *engine, const gchar *path, guint *loaded,
				    GError **error) G_GNUC_WARN_UNUSED_RESULT;

/* Tokens (admin) */
/* Creates a token from @request (role, unit, name, email); *secret receives the secret,
 * shown once. Returns (transfer full) */
TgToken *tg_engine_create_token (TgEngine *engine, const TgToken *caller, const TgToken *request,
				 gchar **secret, GError **error) G_GNUC_WARN_UNUSED_RESULT;
GPtrArray *tg_engine_list_tokens (TgEngine *engine, const TgToken *caller,
				  GError **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean tg_engine_revoke_token (TgEngine *engine, const TgToken *caller, const gchar *id,
				 GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* On first start: when @path does not exist, creates an admin token and writes its secret
 * there with mode 0600. *created (nullable) tells whether it did */
gboolean tg_engine_ensure_admin_token (TgEngine *engine, const gchar *path, gboolean *created,
				       GError **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
