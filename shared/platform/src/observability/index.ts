export { metricsPlugin, type Metrics, type MetricsPluginOptions } from './metrics-plugin.js';
export { installShutdown, runServer, type ShutdownOptions } from './shutdown.js';
