import 'reflect-metadata';

export { type GatewayOptions, type RunningGateway, startGateway } from './gateway-server';
export { type Platform, type PlatformOptions, startPlatform } from './platform/platform';
export { manifestFileName, TrustedOperations } from './plugins/trusted-operations';
