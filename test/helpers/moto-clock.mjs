// A loopback proxy in front of moto_server that makes its credential report consistent: moto
// dates every report 2015-02-02 (`GeneratedTime` is fixed in its response template) while the
// report's own dates are the real clock's, which the gate refuses — time runs forwards (SPEC §3).
// Real IAM generates the report after everything in it; so does this proxy, which sets
// `GeneratedTime` to the time of the request and forwards everything else as it is.
// A process of its own (node test/helpers/moto-clock.mjs <moto url>; prints its URL), so that a
// test blocked in spawnSync does not block it. It exits when its parent closes its stdin.
import { createServer } from 'node:http';

const moto = process.argv[2];
const server = createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const headers = Object.fromEntries(
      Object.entries(req.headers).filter(
        ([k]) => k !== 'host' && k !== 'content-length' && k !== 'connection',
      ),
    );
    fetch(`${moto}${req.url ?? '/'}`, {
      method: req.method ?? 'GET',
      headers,
      ...(chunks.length > 0 && { body: Buffer.concat(chunks) }),
    })
      .then(async (answer) => {
        const text = (await answer.text()).replace(
          /<GeneratedTime>[^<]*<\/GeneratedTime>/,
          `<GeneratedTime>${new Date().toISOString()}</GeneratedTime>`,
        );
        res.writeHead(answer.status, {
          'content-type': answer.headers.get('content-type') ?? 'text/xml',
        });
        res.end(text);
      })
      .catch((error) => {
        res.writeHead(502);
        res.end(String(error));
      });
  });
});
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`http://127.0.0.1:${server.address().port}\n`);
});
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
