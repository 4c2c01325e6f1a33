import packageJson from '../package.json';

/** The agent's version, as `GET /v1/status` reports it. */
export const agentVersion: string = packageJson.version;
