// Runs async jobs over a list with a bounded number in flight, keeping results in input order.
// After the first failure no new job starts, and the failure is what the caller gets.
export async function mapLimited<T, R>(
  items: readonly T[],
  limit: number,
  job: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  // One iterator shared by every lane: each `next()` hands out a different item.
  const work = items.entries();
  let failed = false;
  const lane = async (): Promise<void> => {
    for (let step = work.next(); !step.done && !failed; step = work.next()) {
      const [index, item] = step.value;
      try {
        results[index] = await job(item, index);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, lane));
  return results;
}
