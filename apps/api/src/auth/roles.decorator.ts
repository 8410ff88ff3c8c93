import { SetMetadata } from '@nestjs/common';
import type { Role } from './roles';

export const ROLES_KEY = 'lsb:roles';
export const PUBLIC_KEY = 'lsb:public';

/** The roles that may call a route (docs/http-api.md "Who may call"). Every route names them or is @Public(). */
export const Roles = (...roles: readonly Role[]) => SetMetadata(ROLES_KEY, roles);

/** No credentials needed (health, API documentation). */
export const Public = () => SetMetadata(PUBLIC_KEY, true);
