/**
 * The server as its own process, for tests that kill it: configured from the environment like
 * `gridline start`, without building the web app; prints `listening <url>` when it takes requests.
 */
import { loadConfig } from '../config.ts';
import { startServer } from '../main.ts';

const server = await startServer(loadConfig(), () => undefined);
console.log(`listening ${server.url.replace('localhost', '127.0.0.1')}`);
