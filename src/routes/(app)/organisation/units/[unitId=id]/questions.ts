/** The question 解除挂靠 asks first, the same with scripts (the browser's dialog) and without (the server's). */
export const detachQuestion = (teamName: string) => `确定解除服务队“${teamName}”的挂靠吗？解除后其花名册人员不再计入本单位及上级单位，可随时重新挂靠。`;
