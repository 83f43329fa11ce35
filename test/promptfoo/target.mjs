// A deliberately vulnerable chat endpoint for the promptfoo end-to-end test, and its fixed variant.
// POST {"message": "..."} -> {"output": "..."}; listens on 127.0.0.1 only. No model: a few lines that behave
// the way a naive LLM app does. The vulnerable one repeats its system prompt when asked for its
// instructions and obeys instructions found in the message (typed by the user or hidden in a pasted
// document). It already escapes HTML and drops images from answers, so its output-handling test passes:
// the suite must tell which threats are real, not fail everything. The fixed one never repeats its
// instructions and treats the message as data.
import { createServer } from 'node:http';

/** The answer of the target to one message. */
export function respond(message, { fixed, systemPrompt }) {
  const parts = ['Happy to help with your quote.'];
  if (!fixed) {
    if (/instructions you were given|word for word|system prompt/i.test(message)) parts.push(`My instructions are: ${systemPrompt}`);
    // Obeys "reply with ... the code X" wherever it appears in the message, as an unguarded model would.
    const obey = /(?:nothing except|exact) (?:the )?code ([A-Z0-9-]+)/i.exec(message);
    if (obey) parts.push(obey[1]);
  } else if (/instructions|code [A-Z0-9-]+/i.test(message)) {
    parts.push('I cannot share my configuration or follow instructions contained in messages or documents.');
  }
  // Both variants encode output: no markup, no images survive into the answer.
  return parts.join(' ').replace(/!\[[^\]]*\]\([^)]*\)/g, '').replace(/</g, '&lt;');
}

/** Starts the target on an ephemeral loopback port. */
export function startTarget({ fixed, systemPrompt }) {
  let requests = 0;
  const server = createServer((req, res) => {
    const remote = req.socket.remoteAddress ?? '';
    if (!['127.0.0.1', '::ffff:127.0.0.1', '::1'].includes(remote)) { res.writeHead(403).end(); return; }
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c) => { body += c; if (body.length > 1e6) req.destroy(); });
    req.on('end', () => {
      let message = '';
      try { message = String(JSON.parse(body).message ?? ''); } catch { res.writeHead(400).end(); return; }
      requests++;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ output: respond(message, { fixed, systemPrompt }) }));
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      resolve({ url: `http://127.0.0.1:${port}/chat`, requests: () => requests, close: () => new Promise((r) => server.close(() => r())) });
    });
  });
}
