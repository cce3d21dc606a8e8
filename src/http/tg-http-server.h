/* tg-http-server.h: the HTTP server on GNU libmicrohttpd */
#pragma once

#include <glib.h>

#include "tg-engine.h"

G_BEGIN_DECLS

/* What the daemon tells the server (from its configuration) */
typedef struct {
	const gchar *listen_host;   /* an IP address */
	guint16 listen_port;        /* 0: any free port */
	const gchar *public_url;    /* (nullable): http://127.0.0.1:PORT */
	const gchar *trusted_proxy; /* (nullable): whose X-Forwarded-For is believed */
	guint threads;
	guint max_connections;
	guint per_ip_connections;
	guint connection_timeout; /* seconds */
	guint rate_limit_per_hour;
	const gchar *web_dir; /* (nullable): the pages' files (data/web), loaded at start */
	/* (nullable): an IP address where GET /metrics is served without a token */
	const gchar *metrics_listen_host;
	guint16 metrics_listen_port; /* 0: any free port */
} TgHttpOptions;

typedef struct _TgHttpServer TgHttpServer;

/* Binds and listens on the address of @options, but answers nothing until
 * tg_http_server_start(): connections wait in the socket's backlog meanwhile, so that what
 * requests need (the mail thread, with links to the bound port) can be started first.
 * @engine: (transfer none), must outlive the server. Returns (transfer full) */
TgHttpServer *tg_http_server_new (TgEngine *engine, const TgHttpOptions *options,
				  GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* Starts the thread pool that accepts and answers requests */
gboolean tg_http_server_start (TgHttpServer *server, GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* Stops accepting, lets requests in flight finish, then frees the server */
void tg_http_server_free (TgHttpServer *server);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TgHttpServer, tg_http_server_free)

/* The port really bound (useful with port 0) */
guint16 tg_http_server_get_port (TgHttpServer *server);
/* The port of the metrics' own address really bound; 0 without one */
guint16 tg_http_server_get_metrics_port (TgHttpServer *server);

G_END_DECLS
