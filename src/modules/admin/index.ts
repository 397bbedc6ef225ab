/** The admin module's public API: the module and the queue dashboard the app factory mounts. */
export { AdminModule } from './admin.module';
export { QueueDashboard, QUEUE_DASHBOARD_PATH } from './queue-dashboard';
