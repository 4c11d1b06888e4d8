/** The stages of a call, as people read them. */
export const STAGE_LABELS: Record<string, string> = { open: '征集中', review: '评审中', publicity: '公示中', published: '已发布' };
