/** Every figure leads to the pilots behind it: the province dashboard, filtered. */
export const pilotsWhere = (round: { id: number } | null, params: Record<string, string>) =>
	`/province?${new URLSearchParams({ ...(round ? { round: String(round.id) } : {}), ...params })}#pilots`;
