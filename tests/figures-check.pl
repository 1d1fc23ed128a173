#!/usr/bin/perl
# Checks that yosan's layout keeps every figure whole in one cell, against pdftotext -layout.
#
# For every page of every PDF given, takes the comma-grouped numbers pdftotext -layout prints
# (1,013 · 488,451 · △10,995's 10,995; read as yosan normalizes text: NFKC, △ ▲ as '-') and
# the cells of `yosan text` (tab-separated), and counts, per page:
#   missing  figures pdftotext prints that no cell of yosan's page holds whole (as many times):
#            a figure split across cells (`1,0` | `13`), glued to a digit beside it (`1,0131`),
#            or lost;
#   glued    figures that share a cell with what another column printed: two figures with only
#            spaces between them (`488,451 499,446`), or a figure touching a character that
#            pdftotext prints apart from it on that page (`-87,608職員構成` where pdftotext has
#            `△87,608 職員構成`).
# Prints one line per file (with -v, each missing or glued figure with the line it is on) and a
# total; exits 1 when any figure is missing or glued, 2 when a tool fails.
#   usage: tests/figures-check.pl [--yosan=BIN] [--pdftotext=BIN] [-v] [--report] PDF...
#   --report: print the counts but exit 0 whatever they are (for measuring a whole book)
use strict;
use warnings;
use utf8;
use Getopt::Long;
use Encode qw(decode);
use Unicode::Normalize qw(NFKC);

binmode STDOUT, ':encoding(UTF-8)';
binmode STDERR, ':encoding(UTF-8)';

my $yosan = 'build/yosan';
my $pdftotext = 'pdftotext';
my ($verbose, $report) = (0, 0);
GetOptions('yosan=s' => \$yosan, 'pdftotext=s' => \$pdftotext, 'v|verbose' => \$verbose,
           'report' => \$report)
  or die "usage: $0 [--yosan=BIN] [--pdftotext=BIN] [-v] [--report] PDF...\n";
@ARGV = map { decode("UTF-8", $_) } @ARGV;
@ARGV or die "usage: $0 [--yosan=BIN] [--pdftotext=BIN] [-v] [--report] PDF...\n";

# A comma-grouped figure, not part of a longer run of digits and commas.
my $FIGURE = qr/(?<![0-9,])[0-9]{1,3}(?:,[0-9]{3})+(?![0-9]|,[0-9])/;

# pdftotext's text as yosan normalizes it: NFKC (full-width digits, commas, brackets, signs),
# △ and ▲ as '-'.
sub as_yosan {
  my ($s) = @_;
  $s = NFKC($s);
  $s =~ tr/△▲/\-\-/;
  return $s;
}

# Runs a command, returns its standard output decoded from UTF-8; dies (exit 2) when it fails.
sub run {
  my @cmd = @_;
  open(my $fh, '-|:encoding(UTF-8)', @cmd) or do { print STDERR "cannot run $cmd[0]: $!\n"; exit 2 };
  local $/;
  my $out = <$fh> // '';
  close $fh;
  my $status = $? >> 8;
  # yosan's text command exits 0; anything else (a signal too) means it did not read the file
  if ($? != 0) {
    print STDERR "@cmd: exit status $status\n";
    exit 2;
  }
  return $out;
}

my ($all_figures, $all_missing, $all_glued, $all_pages) = (0, 0, 0, 0);
for my $pdf (@ARGV) {
  # pdftotext: pages end with a form feed
  my @p2t = split /\f/, as_yosan(run($pdftotext, '-layout', '-q', $pdf, '-'));
  # yosan text: "# FILE", then "PAGE:LINE: cell\tcell…"
  my %cells;    # page -> [ [line, cell text], … ]
  for my $l (split /\n/, run($yosan, 'text', $pdf)) {
    next unless $l =~ /^(\d+):(\d+): ?(.*)$/;
    my ($page, $line, $text) = ($1, $2, $3);
    push @{$cells{$page}}, [$line, $_] for split /\t/, $text;
  }
  my ($figures, $missing, $glued) = (0, 0, 0);
  my @notes;
  for my $i (0 .. $#p2t) {
    my $page = $i + 1;
    # each figure, and each character it touches on its left and right, as pdftotext prints it
    my (%want, %touch);
    while ($p2t[$i] =~ /(\S?)($FIGURE)(?=(\S?))/g) {
      $want{$2}++;
      $touch{"$1<$2"}++ if $1 ne '';
      $touch{"$2>$3"}++ if $3 ne '';
    }
    next unless %want;
    my %have;
    for my $c (@{$cells{$page} // []}) {
      my ($line, $cell) = @$c;
      while ($cell =~ /([^ ]?)($FIGURE)(?=([^ ]?))/g) {
        my ($l, $f, $r) = ($1, $2, $3);
        $have{$f}++;
        for my $t (($l ne '' ? "$l<$f" : ()), ($r ne '' ? "$f>$r" : ())) {
          if (($touch{$t} // 0) > 0) {
            $touch{$t}--;
          } else {
            $glued++;
            push @notes, "  p.$page line $line: glued: '$t' in '$cell'";
          }
        }
        pos($cell) = $+[2];
      }
      while ($cell =~ /($FIGURE) +($FIGURE)/g) {
        $glued++;
        push @notes, "  p.$page line $line: glued: $1 $2 in '$cell'";
        pos($cell) = $-[2];
      }
    }
    for my $f (sort keys %want) {
      $figures += $want{$f};
      my $short = $want{$f} - ($have{$f} // 0);
      next unless $short > 0;
      $missing += $short;
      my ($digits) = $f =~ /^(\d+)/;
      my @where = map { "$_->[0]" } grep { $_->[1] =~ /(?<![0-9])\Q$digits\E/ } @{$cells{$page} // []};
      push @notes, "  p.$page: missing $f" . ($short > 1 ? " (×$short)" : '') .
                   (@where ? " (lines with its first digits: @where)" : '');
    }
    $all_pages++;
  }
  printf "%-40s figures %6d missing %5d glued %4d\n", $pdf, $figures, $missing, $glued;
  print "$_\n" for ($verbose ? @notes : ());
  $all_figures += $figures;
  $all_missing += $missing;
  $all_glued += $glued;
}
printf "total: %d files, %d pages with figures, %d figures, %d missing, %d glued\n",
  scalar @ARGV, $all_pages, $all_figures, $all_missing, $all_glued;
exit(($all_missing + $all_glued) > 0 && !$report ? 1 : 0);
