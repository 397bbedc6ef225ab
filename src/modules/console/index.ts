/** The console module's public API. */
export { ConsoleModule } from './console.module';
