/* tg-engine-private.h: what the engine's files share */
#pragma once

#include "tg-engine.h"

G_BEGIN_DECLS

struct _TgEngine {
	TgStore *store;
	TgClock *clock;
};

/* checks that a unit exists in some version; an INVALID error on @field otherwise */
gboolean tg_engine_check_unit_exists (TgEngine *engine, const gchar *code, const gchar *field,
				      GHashTable *pending, GError **error);

G_END_DECLS
