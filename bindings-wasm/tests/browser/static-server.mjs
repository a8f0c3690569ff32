// A static file server for the browser tests (not a test file itself): serves one folder on
// 127.0.0.1 at a random port, GET and HEAD only, nothing outside the folder, with the MIME
// types the page needs (application/wasm lets the web build use instantiateStreaming). Every
// request is recorded, so a test can assert what the page asked for.
import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { extname, join, resolve, sep } from "node:path";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".wasm": "application/wasm",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".txt": "text/plain; charset=utf-8",
};

/**
 * Serves `root`; resolves to `{url, requests, close}` once listening (`url` ends with `/`).
 * `requests` lists `{method, path, status}` of every request.
 */
export async function serve(root) {
  const base = resolve(root);
  const requests = [];
  const server = createServer(async (req, res) => {
    const entry = { method: req.method, path: req.url, status: 0 };
    requests.push(entry);
    const send = (status, body, type = "text/plain; charset=utf-8") => {
      entry.status = status;
      res.writeHead(status, { "Content-Type": type, "Cache-Control": "no-store" });
      res.end(req.method === "HEAD" ? undefined : body);
    };
    if (req.method !== "GET" && req.method !== "HEAD") return send(405, "method not allowed");
    let path;
    try {
      path = decodeURIComponent(new URL(req.url, "http://127.0.0.1").pathname);
    } catch {
      return send(400, "bad request");
    }
    let file = resolve(base, `.${path}`);
    if (file !== base && !file.startsWith(base + sep)) return send(403, "forbidden");
    try {
      if ((await stat(file)).isDirectory()) file = join(file, "index.html");
      const body = await readFile(file);
      send(200, body, TYPES[extname(file).toLowerCase()] ?? "application/octet-stream");
    } catch {
      send(404, "not found");
    }
  });
  await new Promise((ok, fail) => {
    server.once("error", fail);
    server.listen(0, "127.0.0.1", ok);
  });
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}/`,
    requests,
    close: () =>
      new Promise((ok) => {
        server.closeAllConnections?.();
        server.close(() => ok());
      }),
  };
}
