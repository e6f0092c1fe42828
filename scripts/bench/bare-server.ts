/** The ceiling for serve.ts: a bare express 5 route that returns a constant JSON body. Prints its port. */
import express from 'express';

const app = express();
const body = { user_id: 'u', domain: 'film', model: null, strategy: 'popular', items: [] };
app.get('/bare', (_req, res) => {
  res.json(body);
});
const server = app.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  const address = server.address();
  console.log(JSON.stringify({ msg: 'listening', port: typeof address === 'object' && address ? address.port : 0 }));
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
