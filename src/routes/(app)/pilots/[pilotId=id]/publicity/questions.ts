/** The question 报送省科协 asks, with and without scripts alike. */
export const reportQuestion = (title: string) => `确定将“${title}”报送省科协吗？报送后不能再修改或删除。`;
