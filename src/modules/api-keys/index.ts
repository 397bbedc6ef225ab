/** The api-keys module's public API. */
export { ApiKeysModule } from './api-keys.module';
export { ApiKeysService, type ApiKeyIdentity } from './api-keys.service';
export { ApiKeyNotFoundError, InvalidApiKeyError, RevokedApiKeyError } from './api-keys.errors';
export { ApiKeyListDto, CreatedApiKeyDto, RevokedApiKeyDto } from './dto/api-key.dto';
