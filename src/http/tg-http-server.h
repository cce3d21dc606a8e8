/* tg-http-server.h: the HTTP server on GNU libmicrohttpd */
#pragma once

#include <glib.h>

#include "tg-config.h"
#include "tg-engine.h"

G_BEGIN_DECLS

typedef struct _TgHttpServer TgHttpServer;

/* Starts listening on the configured address with a thread pool.
 * @engine: (transfer none), must outlive the server. Returns (transfer full) */
TgHttpServer *tg_http_server_new (TgEngine *engine, const TgConfig *config,
				  GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* Stops accepting, lets requests in flight finish, then frees the server */
void tg_http_server_free (TgHttpServer *server);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TgHttpServer, tg_http_server_free)

/* The port really bound (useful with port 0) */
guint16 tg_http_server_get_port (TgHttpServer *server);

G_END_DECLS
