/* A stand-in for Windows' bcryptprimitives.dll, for running tests under Wine 8.0 only.
 *
 * Rust's std (1.78+) takes its random numbers from ProcessPrng in bcryptprimitives.dll, which
 * every Windows 10/11 has and Wine 8.0 lacks. scripts/windows/wine-env.sh builds this file with
 * mingw-w64 into the Wine prefix's system32. It is never shipped: the installer does not
 * contain it and the real system's DLL is used on an officer's laptop. */
#include <windows.h>

/* advapi32's RtlGenRandom. */
BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length) {
    while (length > 0) {
        ULONG chunk = length > 0x40000000 ? 0x40000000 : (ULONG)length;
        if (!SystemFunction036(data, chunk))
            return FALSE;
        data += chunk;
        length -= chunk;
    }
    return TRUE;
}
