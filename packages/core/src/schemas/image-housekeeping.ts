import Type from 'typebox';

/** What `pruneImages` removed, or with a dry run would remove. */
export const ImagePruneResult = Type.Object(
  {
    removed: Type.Array(Type.String(), { description: 'image ids' }),
    dry_run: Type.Boolean({ description: 'true: nothing was removed, `removed` lists what would go' }),
  },
  { $id: 'ImagePruneResult' },
);
export type ImagePruneResult = Type.Static<typeof ImagePruneResult>;
