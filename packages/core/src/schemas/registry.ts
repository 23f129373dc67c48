import Type from 'typebox';

const ServerAddress = Type.Optional(
  Type.String({ minLength: 1, maxLength: 255, description: 'the registry host (and port) these credentials are for; default: the image\'s registry' }),
);

/**
 * Credentials for one registry: a user name and password (or token used as one), or an identity
 * token from a previous login. Sent to the engine only in `X-Registry-Auth`; never logged,
 * stored in records or returned.
 */
export const RegistryAuth = Type.Union(
  [
    Type.Object(
      {
        username: Type.String({ minLength: 1, maxLength: 255 }),
        password: Type.String({ minLength: 1, maxLength: 8192, writeOnly: true }),
        server_address: ServerAddress,
      },
      { additionalProperties: false },
    ),
    Type.Object(
      {
        identity_token: Type.String({ minLength: 1, maxLength: 8192, writeOnly: true }),
        server_address: ServerAddress,
      },
      { additionalProperties: false },
    ),
  ],
  { $id: 'RegistryAuth', description: '{username, password} or {identity_token}, with an optional server_address' },
);
export type RegistryAuth = Type.Static<typeof RegistryAuth>;

/** One step of a pull or push, per layer, as the engine reports it. */
export const PullProgress = Type.Object(
  {
    layer: Type.String({ description: 'the layer (short digest), or the image for whole-image steps' }),
    status: Type.String({ description: 'the engine\'s words: Pulling fs layer, Downloading, Pushing, Pull complete, ...' }),
    current_bytes: Type.Optional(Type.Integer({ minimum: 0 })),
    total_bytes: Type.Optional(Type.Integer({ minimum: 0 })),
  },
  { $id: 'PullProgress' },
);
export type PullProgress = Type.Static<typeof PullProgress>;
