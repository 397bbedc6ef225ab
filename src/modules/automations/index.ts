/** The automations module's public API: what other modules may import. */
export { AutomationsModule } from './automations.module';
