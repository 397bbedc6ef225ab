/** The credits module's public API: the ledger's service. */
export { CreditsModule } from './credits.module';
export { CreditsService, type CreditsSummary } from './credits.service';
