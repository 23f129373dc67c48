/** The peer of figure 8: a bare node:http server answering "hello". */
import http from 'node:http';

http
  .createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' });
    res.end('hello');
  })
  .listen(Number(process.env.PORT), '127.0.0.1');
