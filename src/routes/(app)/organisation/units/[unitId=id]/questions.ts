/** The question 解除挂靠 asks first, the same with scripts (the browser's dialog) and without (the server's). */
export const detachQuestion = (teamName: string) => `确定解除服务队“${teamName}”的挂靠吗？解除后其花名册人员不再计入本单位及上级单位，可随时重新挂靠。`;

/** The question 撤销登记 asks first: the registration's note and document leave the page. */
export const undoDoneQuestion = (title: string, doneOn: string) =>
	`确定撤销“${title}”于 ${doneOn} 的完成登记吗？撤销后该项恢复为未完成（过了截止日期即为逾期），可重新登记；原登记连同报送材料移入组织体系回收站，30 天内可恢复。`;
