import { roundName } from '$lib/schemas/items';
import { twinNameProblem } from '$lib/server/rounds';

/** 批次名称 taken by another round (`id`: the round being edited), said with the form's other problems. */
export async function nameProblem(typed: unknown, id: number | null): Promise<Record<string, string>> {
	const name = roundName.safeParse(typed);
	return name.success ? twinNameProblem(name.data, id) : {};
}
