import express from 'express';
import { messageFor } from '../errors/catalogue';
import { createLogger } from '../log/logger';
import { finishApp, listen } from './http';

describe('errors outside GraphQL', () => {
  it('answer a database out of reach with 503 SERVICE_UNAVAILABLE, a slow one with 504, anything else masked 500', async () => {
    const app = express();
    const failures: Record<string, () => Error> = {
      unreachable: () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
      pool: () => new Error('Knex: Timeout acquiring a connection. The pool is probably full.'),
      slow: () => Object.assign(new Error('canceling statement due to statement timeout'), { code: '57014' }),
      other: () => new Error('something internal at /srv/app.js:12'),
    };
    app.get('/:failure', (req, _res, next) => next(failures[req.params.failure as string]?.()));
    finishApp(app, createLogger({ service: 'http-test', level: 'silent' }), (code) => messageFor(code, 'en'));
    const server = await listen(app, '127.0.0.1', 0, createLogger({ service: 'http-test', level: 'silent' }));
    try {
      const answers: Record<string, [number, unknown]> = {};
      for (const failure of Object.keys(failures)) {
        const response = await fetch(`http://127.0.0.1:${server.port}/${failure}`, {
          headers: { accept: 'application/json' },
        });
        const body = (await response.json()) as { errors: { extensions: { code: string } }[] };
        answers[failure] = [response.status, body.errors[0]?.extensions.code];
      }
      expect(answers).toEqual({
        unreachable: [503, 'SERVICE_UNAVAILABLE'],
        pool: [503, 'SERVICE_UNAVAILABLE'],
        slow: [504, 'SERVICE_TIMEOUT'],
        other: [500, 'INTERNAL_SERVER_ERROR'],
      });
    } finally {
      await server.close();
    }
  });
});
